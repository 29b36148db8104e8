import { describe, it } from "vitest";
import { type StoreContractOptions, storeContract } from "../../src/stores/store-contract.js";
import type { ServiceName } from "../servers/global-setup.js";
import { serviceUrl } from "../servers/index.js";

/**
 * Registers every case of the store contract as a vitest test in the current suite; a case
 * that stands for cases not run (the store lacks an optional method) is reported as skipped.
 */
export function itFulfilsStoreContract(options: StoreContractOptions): void {
  for (const contractCase of storeContract(options)) {
    if (contractCase.skip === undefined) it(contractCase.name, () => contractCase.run());
    else it.skip(contractCase.name, () => contractCase.run());
  }
}

/**
 * A suite that needs a server from the global setup. Without the server it is skipped
 * (the global setup has already said why, and fails the run in CI), and `body` is never
 * called, so it may connect right away.
 */
export function describeWithServer(
  service: ServiceName,
  title: string,
  body: (url: string) => Promise<void>,
): void {
  const url = serviceUrl(service);
  if (url === undefined) {
    describe.skip(title, () => {
      it(`needs ${service}`, () => undefined);
    });
    return;
  }
  describe(title, () => body(url));
}
