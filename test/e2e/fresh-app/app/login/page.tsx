// app/login/page.tsx
import { login } from "../actions";

export default function Login() {
  return (
    <form action={login}>
      <label>
        Name <input name="name" required />
      </label>
      <button type="submit">Sign in</button>
    </form>
  );
}
