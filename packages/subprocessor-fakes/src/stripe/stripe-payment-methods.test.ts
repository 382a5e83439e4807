import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { stripeLoopbackOptions, testClock, useFakes } from "../test-support/harness.js";

const clock = testClock();
const { fakes, loopbackEnv } = useFakes({ clock: clock.now, seed: "stripe-payment-method-tests" });
const KEY = "sk_test_fakesStripeKey1";

describe.each(["msw", "loopback"] as const)("stripe-node payment methods through %s", (mode) => {
  const stripe = () =>
    mode === "msw"
      ? new Stripe(KEY, { maxNetworkRetries: 0 })
      : new Stripe(KEY, {
          maxNetworkRetries: 0,
          ...stripeLoopbackOptions(loopbackEnv("STRIPE_API_BASE_URL")),
        });

  it("attaches a documented test card as a new payment method of the customer and makes it the invoice default", async () => {
    const customer = await stripe().customers.create({ email: "card@example.com" });
    const attached = await stripe().paymentMethods.attach("pm_card_mastercard", { customer: customer.id });
    expect(attached).toMatchObject({
      object: "payment_method",
      type: "card",
      customer: customer.id,
      card: { brand: "mastercard", last4: "4444", exp_year: clock.now().getUTCFullYear() + 1 },
    });
    expect(attached.id).toMatch(/^pm_[A-Za-z0-9]{24}$/);
    expect(await stripe().paymentMethods.retrieve(attached.id)).toEqual(attached);

    const updated = await stripe().customers.update(customer.id, {
      invoice_settings: { default_payment_method: attached.id },
    });
    expect(updated.invoice_settings.default_payment_method).toBe(attached.id);
    expect(fakes.stripe.customers({ apiKey: KEY })[0]?.invoice_settings.default_payment_method).toBe(
      attached.id,
    );
    expect(fakes.stripe.paymentMethodsOf(customer.id, KEY).map((pm) => pm.id)).toEqual([attached.id]);
    expect(fakes.requests({ vendor: "stripe" }).every((request) => request.via === mode)).toBe(true);
  });

  it("detaches a payment method from its customer, and refuses one attached to another customer", async () => {
    const first = await stripe().customers.create({ email: "first@example.com" });
    const second = await stripe().customers.create({ email: "second@example.com" });
    const card = await stripe().paymentMethods.attach("pm_card_visa", { customer: first.id });
    await expect(stripe().paymentMethods.attach(card.id, { customer: second.id })).rejects.toMatchObject({
      code: "payment_method_unexpected_state",
      statusCode: 400,
    });
    const detached = await stripe().paymentMethods.detach(card.id);
    expect(detached.customer).toBeNull();
    expect(fakes.stripe.paymentMethodsOf(first.id, KEY)).toEqual([]);
    await expect(stripe().paymentMethods.detach(card.id)).rejects.toMatchObject({
      code: "payment_method_unexpected_state",
      statusCode: 400,
    });
  });

  it("reads a test card by its documented id as a fresh, unattached payment method", async () => {
    const visa = await stripe().paymentMethods.retrieve("pm_card_visa");
    expect(visa).toMatchObject({ customer: null, card: { brand: "visa", last4: "4242" } });
    expect(visa.id).not.toBe("pm_card_visa");
    expect((await stripe().paymentMethods.retrieve("pm_card_visa")).id).not.toBe(visa.id);
  });

  it("answers an unknown payment method with resource_missing and 404, and attaches nothing", async () => {
    const customer = await stripe().customers.create({ email: "nocard@example.com" });
    for (const attempt of [
      () => stripe().paymentMethods.attach("pm_unknown123", { customer: customer.id }),
      () => stripe().paymentMethods.retrieve("pm_unknown123"),
    ]) {
      await expect(attempt()).rejects.toMatchObject({
        type: "StripeInvalidRequestError",
        code: "resource_missing",
        statusCode: 404,
        message: "No such PaymentMethod: 'pm_unknown123'",
      });
    }
    expect(fakes.stripe.paymentMethodsOf(customer.id, KEY)).toEqual([]);
  });

  it("refuses a default payment method that is not attached to the customer, and attaching one to a second customer", async () => {
    const first = await stripe().customers.create({ email: "first@example.com" });
    const second = await stripe().customers.create({ email: "second@example.com" });
    const card = await stripe().paymentMethods.attach("pm_card_visa", { customer: first.id });
    await expect(
      stripe().customers.update(second.id, { invoice_settings: { default_payment_method: card.id } }),
    ).rejects.toMatchObject({
      type: "StripeInvalidRequestError",
      param: "invoice_settings[default_payment_method]",
      statusCode: 400,
    });
    await expect(
      stripe().customers.update(second.id, { invoice_settings: { default_payment_method: "pm_nothing" } }),
    ).rejects.toMatchObject({ code: "resource_missing", statusCode: 404 });
    await expect(stripe().paymentMethods.attach(card.id, { customer: second.id })).rejects.toMatchObject({
      type: "StripeInvalidRequestError",
      statusCode: 400,
    });
    await expect(
      stripe().paymentMethods.attach("pm_card_visa", { customer: "cus_missing" }),
    ).rejects.toMatchObject({
      code: "resource_missing",
      param: "customer",
    });
    expect(
      fakes.stripe.customers({ apiKey: KEY, email: "second@example.com" })[0]?.invoice_settings,
    ).toMatchObject({
      default_payment_method: null,
    });
  });
});
