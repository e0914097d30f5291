/** Nodes on one page of a group's list (GET /v1/nodes?limit=…): enough to scan, few enough to draw at once. */
export const PAGE_SIZE = 50;
