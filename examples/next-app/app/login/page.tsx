import { login } from "../actions";

export default function Login() {
  return (
    <main>
      <h1>Sign in</h1>
      <form action={login}>
        <label>
          Name <input name="name" required />
        </label>
        <button type="submit">Sign in</button>
      </form>
    </main>
  );
}
