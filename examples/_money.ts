// A class registered with registerClass(), for the JSDoc example of registerClass: its
// instances travel to pool workers and back as Money, with their methods.
import { registerClass } from "../mod.ts";

/** An amount of money in cents. */
export class Money {
  constructor(readonly cents: number, readonly currency: string) {}

  /** "12.00 EUR". */
  toString(): string {
    return `${(this.cents / 100).toFixed(2)} ${this.currency}`;
  }
}
// At the top level, so every worker that loads this module registers Money too.
registerClass(Money, "examples.Money");

/** `amount` plus `rate` of it, as Money; fails at once unless `amount` arrived as Money. */
export function withTax(amount: Money, rate: number): Money {
  return new Money(Math.round(amount.cents * (1 + rate)), amount.currency);
}
