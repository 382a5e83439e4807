import type { Platform } from "./operation-group.js";

export type PlanTier = "starter" | "growth" | "enterprise";

export interface PlanPrice {
  /** In the currency's minor unit. */
  amount: number;
  currency: string;
  interval: "month" | "year";
}

/**
 * The reference's own price list (commercial terms, not the privacy policy), replaceable as the
 * `priceList` part. Exercising a right never changes a tenant's plan or what it pays.
 */
export const defaultPriceList: Readonly<Record<PlanTier, PlanPrice>> = {
  starter: { amount: 1900, currency: "usd", interval: "month" },
  growth: { amount: 4900, currency: "usd", interval: "month" },
  enterprise: { amount: 19900, currency: "usd", interval: "month" },
};

export function planPrice(platform: Platform, plan: string): PlanPrice {
  const list: Readonly<Record<string, PlanPrice | undefined>> =
    (platform.parts.priceList as Readonly<Record<string, PlanPrice>> | undefined) ?? defaultPriceList;
  const price = list[plan];
  if (!price) throw new Error(`the price list has no plan ${plan}`);
  return price;
}

/** Days a tenant has to pay an issued invoice (commercial terms, replaceable as the `paymentTermDays` part). */
export const defaultPaymentTermDays = 30;

export function paymentTermDays(platform: Platform): number {
  return (platform.parts.paymentTermDays as number | undefined) ?? defaultPaymentTermDays;
}
