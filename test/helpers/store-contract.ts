import { it } from "vitest";
import { type StoreContractOptions, storeContract } from "../../src/stores/store-contract.js";

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
