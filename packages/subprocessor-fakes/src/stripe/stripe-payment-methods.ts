import { stripeErrors } from "./stripe-errors.js";
import type { StripeCall, StripeHandler } from "./stripe-fake.js";
import type { StripeCustomer, StripePaymentMethod } from "./stripe-objects.js";
import { isDeleted } from "./stripe-objects.js";
import { onlyAllowed, optionalString } from "./stripe-params.js";

interface TestCard {
  brand: string;
  last4: string;
  funding: "credit" | "debit";
  country: string;
}

/**
 * Test-mode payment methods by their documented ids (https://docs.stripe.com/testing#cards, "PaymentMethods"):
 * each use of one makes a new PaymentMethod with an id of its own, as Stripe's test mode does.
 */
export const stripeTestPaymentMethods: Readonly<Record<string, TestCard>> = {
  pm_card_visa: { brand: "visa", last4: "4242", funding: "credit", country: "US" },
  pm_card_visa_debit: { brand: "visa", last4: "5556", funding: "debit", country: "US" },
  pm_card_mastercard: { brand: "mastercard", last4: "4444", funding: "credit", country: "US" },
  pm_card_mastercard_debit: { brand: "mastercard", last4: "8210", funding: "debit", country: "US" },
  pm_card_amex: { brand: "amex", last4: "8431", funding: "credit", country: "US" },
  pm_card_discover: { brand: "discover", last4: "1117", funding: "credit", country: "US" },
  pm_card_jcb: { brand: "jcb", last4: "0505", funding: "credit", country: "JP" },
  pm_card_unionpay: { brand: "unionpay", last4: "0005", funding: "credit", country: "CN" },
};

/** A held payment method, or a fresh one made from a test id; anything else is Stripe's 404. */
function resolvePaymentMethod(call: StripeCall, id: string): StripePaymentMethod {
  const held = call.account.paymentMethods.get(id);
  if (held) return held;
  const card = stripeTestPaymentMethods[id];
  if (!card) throw stripeErrors.noSuch("PaymentMethod", id, "payment_method");
  const expiry = new Date(call.now * 1000);
  const method: StripePaymentMethod = {
    id: call.newId("pm", 24),
    object: "payment_method",
    billing_details: { address: null, email: null, name: null, phone: null },
    card: {
      brand: card.brand,
      country: card.country,
      // Test cards take any future expiry: a year ahead of the fake's clock.
      exp_month: expiry.getUTCMonth() + 1,
      exp_year: expiry.getUTCFullYear() + 1,
      fingerprint: `fp${id.slice(3)}`.replace(/_/g, "").slice(0, 16),
      funding: card.funding,
      last4: card.last4,
    },
    created: call.now,
    customer: null,
    livemode: false,
    metadata: {},
    type: "card",
  };
  call.account.paymentMethods.set(method.id, method);
  call.account.order.set(method.id, ++call.account.sequence);
  return method;
}

export const paymentMethodRoutes: {
  endpoint: string;
  method: "GET" | "POST";
  path: string;
  handler: StripeHandler;
}[] = [
  // https://docs.stripe.com/api/payment_methods/retrieve
  {
    endpoint: "paymentMethods.retrieve",
    method: "GET",
    path: "/v1/payment_methods/:paymentMethod",
    handler: (call, { paymentMethod: id = "" }) => {
      onlyAllowed(call.params, []);
      return { body: resolvePaymentMethod(call, id) };
    },
  },
  // https://docs.stripe.com/api/payment_methods/attach
  {
    endpoint: "paymentMethods.attach",
    method: "POST",
    path: "/v1/payment_methods/:paymentMethod/attach",
    handler: (call, { paymentMethod: id = "" }) => {
      onlyAllowed(call.params, ["customer"]);
      const customerId = optionalString(call.params, "customer");
      if (!customerId) throw stripeErrors.missingParameter("customer");
      const customer = call.account.customers.get(customerId);
      if (!customer || isDeleted(customer)) throw stripeErrors.noSuch("customer", customerId, "customer");
      const method = resolvePaymentMethod(call, id);
      if (method.customer !== null && method.customer !== (customer as StripeCustomer).id)
        throw stripeErrors.invalidParameter(
          "payment_method",
          "The payment method you provided has already been attached to a customer.",
          "payment_method_unexpected_state",
        );
      method.customer = customer.id;
      return { body: method };
    },
  },
  // https://docs.stripe.com/api/payment_methods/detach
  {
    endpoint: "paymentMethods.detach",
    method: "POST",
    path: "/v1/payment_methods/:paymentMethod/detach",
    handler: (call, { paymentMethod: id = "" }) => {
      onlyAllowed(call.params, []);
      const method = call.account.paymentMethods.get(id);
      if (!method) throw stripeErrors.noSuch("PaymentMethod", id, "payment_method");
      if (method.customer === null)
        throw stripeErrors.invalidParameter(
          "payment_method",
          "The payment method you provided is not attached to a customer so detachment is impossible.",
          "payment_method_unexpected_state",
        );
      method.customer = null;
      return { body: method };
    },
  },
];
