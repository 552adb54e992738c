import { makeOrders, ordersConnector } from "./orders-connector.js";

/** The orders test connector as a module the CLI can load. */
export const connector = ordersConnector({ orders: makeOrders(20, 10) });
