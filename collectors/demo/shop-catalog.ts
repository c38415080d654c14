// The demo shop's fixed world: its services, the channels each event type travels on, who
// consumes what (and how fast), which consumption causes which next event, and its products and
// customers. Plain data, so the flow of the demo can be read in one screen.

export const BROKERS = { rabbit: "rabbitmq-demo", nats: "nats-demo" } as const;

export const SERVICES = [
  "storefront",
  "orders",
  "payments",
  "inventory",
  "shipping",
  "notifications",
  "analytics",
  "recommendations",
] as const;
export type Service = (typeof SERVICES)[number];

export const EVENT_TYPES = [
  "OrderPlaced",
  "PaymentAuthorized",
  "PaymentFailed",
  "InventoryReserved",
  "ShipmentCreated",
  "EmailSent",
  "OrderCancelled",
  "ProductViewed",
  "CartUpdated",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export type Route = { broker: string; channel: string; producer: Service };

/** Where each type is published, and by whom. */
export const ROUTES: Record<EventType, Route> = {
  OrderPlaced: { broker: BROKERS.rabbit, channel: "shop.orders", producer: "storefront" },
  OrderCancelled: { broker: BROKERS.rabbit, channel: "shop.orders", producer: "orders" },
  PaymentAuthorized: { broker: BROKERS.rabbit, channel: "shop.payments", producer: "payments" },
  PaymentFailed: { broker: BROKERS.rabbit, channel: "shop.payments", producer: "payments" },
  InventoryReserved: { broker: BROKERS.rabbit, channel: "shop.inventory", producer: "inventory" },
  ShipmentCreated: { broker: BROKERS.nats, channel: "shipping.shipments", producer: "shipping" },
  EmailSent: { broker: BROKERS.nats, channel: "notifications.email", producer: "notifications" },
  ProductViewed: { broker: BROKERS.nats, channel: "storefront.activity", producer: "storefront" },
  CartUpdated: { broker: BROKERS.nats, channel: "storefront.activity", producer: "storefront" },
};

/** Consumers of each channel: every event on a channel is delivered to each of them. */
export const CONSUMERS: Record<string, readonly Service[]> = {
  "shop.orders": ["payments", "analytics"],
  "shop.payments": ["inventory", "orders", "notifications"],
  "shop.inventory": ["shipping", "analytics"],
  "shipping.shipments": ["notifications", "orders"],
  "notifications.email": ["analytics"],
  "storefront.activity": ["analytics", "recommendations"],
};

/** Milliseconds from publish to delivery (queueing) and from delivery to ack (processing). */
export type Timing = { transit: [number, number]; processing: [number, number] };

const FAST: Timing = { transit: [2, 40], processing: [5, 80] };

/**
 * The slow consumer: analytics runs behind (a backlog of seconds) and takes long per message,
 * so its deliveries stand out in latency charts.
 */
export const SLOW_CONSUMER: Service = "analytics";

export const TIMING: Partial<Record<Service, Timing>> & { default: Timing } = {
  default: FAST,
  analytics: { transit: [1500, 6000], processing: [300, 1500] },
  payments: { transit: [2, 30], processing: [60, 400] }, // calls the card gateway
};

/**
 * What a consumer publishes after handling an event: one of the alternatives, drawn by probability
 * (they sum to 1). The branch stops when that delivery fails.
 */
export type Reaction = { type: EventType; probability: number }[];
export const REACTIONS: Partial<Record<EventType, Partial<Record<Service, Reaction>>>> = {
  OrderPlaced: {
    payments: [
      { type: "PaymentAuthorized", probability: 0.93 },
      { type: "PaymentFailed", probability: 0.07 },
    ],
  },
  PaymentAuthorized: { inventory: [{ type: "InventoryReserved", probability: 1 }] },
  PaymentFailed: {
    orders: [{ type: "OrderCancelled", probability: 1 }],
    notifications: [{ type: "EmailSent", probability: 1 }],
  },
  InventoryReserved: { shipping: [{ type: "ShipmentCreated", probability: 1 }] },
  ShipmentCreated: { notifications: [{ type: "EmailSent", probability: 1 }] },
};

/** New flows start with one of these (weights): browsing is common, orders drive the rest. */
export const ROOTS: { type: EventType; weight: number }[] = [
  { type: "OrderPlaced", weight: 0.35 },
  { type: "ProductViewed", weight: 0.45 },
  { type: "CartUpdated", weight: 0.2 },
];

export const PRODUCTS = [
  { sku: "MUG-001", name: "Enamel mug", category: "kitchen", price: 14.5 },
  { sku: "TEE-042", name: "Organic tee", category: "apparel", price: 24 },
  { sku: "BAG-007", name: "Canvas tote", category: "accessories", price: 18.9 },
  { sku: "LMP-310", name: "Desk lamp", category: "home", price: 59 },
  { sku: "KBD-101", name: "Mechanical keyboard", category: "electronics", price: 129 },
  { sku: "NTB-555", name: "Dot-grid notebook", category: "stationery", price: 9.75 },
  { sku: "BTL-020", name: "Steel bottle", category: "outdoor", price: 27.3 },
  { sku: "HDP-900", name: "Headphones", category: "electronics", price: 199 },
] as const;

export const CUSTOMERS = [
  { id: "cus_ada", name: "Ada Lovelace", tier: "gold", city: "London", country: "GB", postalCode: "NW1 6XE" },
  {
    id: "cus_alan",
    name: "Alan Turing",
    tier: "silver",
    city: "Manchester",
    country: "GB",
    postalCode: "M13 9PL",
  },
  {
    id: "cus_grace",
    name: "Grace Hopper",
    tier: "gold",
    city: "Arlington",
    country: "US",
    postalCode: "22201",
  },
  {
    id: "cus_edsger",
    name: "Edsger Dijkstra",
    tier: "standard",
    city: "Amsterdam",
    country: "NL",
    postalCode: "1012 JS",
  },
  {
    id: "cus_barbara",
    name: "Barbara Liskov",
    tier: "silver",
    city: "Boston",
    country: "US",
    postalCode: "02139",
  },
  {
    id: "cus_margaret",
    name: "Margaret Hamilton",
    tier: "standard",
    city: "Paoli",
    country: "US",
    postalCode: "19301",
  },
  { id: "cus_tim", name: "Tim Berners-Lee", tier: "gold", city: "Geneva", country: "CH", postalCode: "1211" },
] as const;
export type Customer = (typeof CUSTOMERS)[number];

/** Realistic reasons a consumer gives up on a message (the dead letter's error text). */
export const FAILURES = [
  "TimeoutError: downstream did not answer within 2000 ms",
  "ValidationError: items[0].qty must be a positive integer",
  "DeserializationError: unexpected token at position 0",
  'ConstraintViolation: duplicate key value violates unique constraint "orders_pkey"',
  "Error: connection reset by peer (ECONNRESET)",
] as const;
