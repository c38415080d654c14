// Payloads of the demo shop's events: nested, realistic shapes derived from one flow's state, so
// the events of one order agree with each other (same order id, amount, customer, lines).
import { CUSTOMERS, PRODUCTS, type Customer, type EventType } from "@/collectors/demo/shop-catalog";
import type { Rng } from "@/collectors/demo/rng";

export type OrderLine = { sku: string; name: string; qty: number; price: number };

/** What the events of one causal flow share (one trace). */
export type Flow = {
  traceId: string;
  sessionId: string;
  customer: Customer;
  orderId: string;
  paymentId: string;
  lines: OrderLine[];
  amount: number;
  currency: "EUR" | "USD" | "GBP";
};

export function newFlow(rng: Rng): Flow {
  const customer = rng.pick(CUSTOMERS);
  const lines: OrderLine[] = Array.from({ length: rng.int(1, 4) }, () => {
    const p = rng.pick(PRODUCTS);
    return { sku: p.sku, name: p.name, qty: rng.int(1, 3), price: p.price };
  });
  const amount = Math.round(lines.reduce((sum, l) => sum + l.qty * l.price, 0) * 100) / 100;
  const currency = customer.country === "US" ? "USD" : customer.country === "GB" ? "GBP" : "EUR";
  return {
    traceId: rng.hex(32),
    sessionId: `sess_${rng.hex(12)}`,
    customer,
    orderId: `ord_${rng.hex(10)}`,
    paymentId: `pay_${rng.hex(10)}`,
    lines,
    amount,
    currency,
  };
}

export type PayloadContext = {
  atMs: number;
  /** OrderPlaced.total is `{ amount, currency }` instead of a number (the mid-run schema change). */
  totalAsObject: boolean;
  /** The event this one reacts to (EmailSent picks its template from it). */
  cause?: EventType;
};

function emailOf(c: Customer): string {
  return `${c.name.toLowerCase().replace(/[^a-z]+/g, ".")}@example.com`;
}

export function buildPayload(
  type: EventType,
  f: Flow,
  rng: Rng,
  ctx: PayloadContext,
): Record<string, unknown> {
  const at = new Date(ctx.atMs).toISOString();
  const c = f.customer;
  switch (type) {
    case "OrderPlaced":
      return {
        orderId: f.orderId,
        placedAt: at,
        customer: { id: c.id, name: c.name, email: emailOf(c), tier: c.tier },
        items: f.lines.map((l) => ({ sku: l.sku, name: l.name, qty: l.qty, price: l.price })),
        shippingAddress: {
          line1: `${rng.int(1, 250)} Example Street`,
          city: c.city,
          postalCode: c.postalCode,
          country: c.country,
        },
        ...(ctx.totalAsObject
          ? { total: { amount: f.amount, currency: f.currency } }
          : { total: f.amount, currency: f.currency }),
        salesChannel: rng.pick(["web", "mobile-app"] as const),
      };
    case "PaymentAuthorized":
    case "PaymentFailed": {
      const base = {
        paymentId: f.paymentId,
        orderId: f.orderId,
        amount: { value: f.amount, currency: f.currency },
        method: {
          type: "card",
          brand: rng.pick(["visa", "mastercard", "amex"] as const),
          last4: String(rng.int(1000, 9999)),
        },
      };
      if (type === "PaymentAuthorized")
        return { ...base, authorizedAt: at, riskScore: Math.round(rng.float(0, 0.4) * 1000) / 1000 };
      const reason = rng.pick(["card_declined", "insufficient_funds", "expired_card"] as const);
      return {
        ...base,
        failedAt: at,
        failure: {
          reason,
          declineCode: `${reason}_${rng.int(1, 9)}`,
          retryable: reason === "insufficient_funds",
        },
      };
    }
    case "InventoryReserved":
      return {
        reservationId: `res_${rng.hex(10)}`,
        orderId: f.orderId,
        warehouse: {
          id: rng.pick(["ams-1", "lhr-2", "iad-1"] as const),
          zone: rng.pick(["A", "B", "C"] as const),
        },
        lines: f.lines.map((l) => ({
          sku: l.sku,
          qty: l.qty,
          bin: `${rng.pick(["A", "B", "C"] as const)}-${rng.int(1, 40)}`,
        })),
        expiresAt: new Date(ctx.atMs + 15 * 60_000).toISOString(),
      };
    case "ShipmentCreated":
      return {
        shipmentId: `shp_${rng.hex(10)}`,
        orderId: f.orderId,
        carrier: {
          name: rng.pick(["DHL", "UPS", "PostNL"] as const),
          service: rng.pick(["standard", "express"] as const),
        },
        trackingNumber: rng.hex(12).toUpperCase(),
        parcels: f.lines.map((l) => ({
          sku: l.sku,
          weightKg: Math.round(rng.float(0.2, 3) * 100) / 100,
          dimensionsCm: { l: rng.int(10, 60), w: rng.int(10, 40), h: rng.int(5, 30) },
        })),
        destination: { city: c.city, country: c.country },
      };
    case "EmailSent":
      return {
        emailId: `eml_${rng.hex(10)}`,
        orderId: f.orderId,
        template: ctx.cause === "PaymentFailed" ? "payment-failed" : "order-shipped",
        to: { customerId: c.id, domain: "example.com" },
        provider: { name: "ses", messageId: rng.uuid() },
        sentAt: at,
      };
    case "OrderCancelled":
      return {
        orderId: f.orderId,
        cancelledAt: at,
        reason: "payment_failed",
        refund: null,
        lines: f.lines.length,
      };
    case "ProductViewed": {
      const p = rng.pick(PRODUCTS);
      return {
        sessionId: f.sessionId,
        product: { sku: p.sku, category: p.category, price: p.price },
        referrer: rng.pick(["search", "newsletter", "direct", "social"] as const),
        device: {
          type: rng.pick(["desktop", "mobile", "tablet"] as const),
          os: rng.pick(["linux", "macos", "ios", "android", "windows"] as const),
        },
      };
    }
    case "CartUpdated": {
      const l = rng.pick(f.lines);
      return {
        cartId: `cart_${f.sessionId.slice(5)}`,
        sessionId: f.sessionId,
        action: rng.pick(["add", "remove"] as const),
        line: { sku: l.sku, qty: l.qty },
        itemCount: f.lines.reduce((n, x) => n + x.qty, 0),
      };
    }
  }
}
