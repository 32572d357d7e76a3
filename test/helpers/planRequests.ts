import type { DemoRequest } from '../../src/seed/demoRequests';

/** A standard request from Northside for Dino Saur with two lines (a CPAP, 3 units; a wheelchair), received 10 hours before. */
export const TWO_LINES: DemoRequest = {
  office: 'demo.provider', memberId: '5634024', categoryId: 'durable-medical-equipment', providerNpi: '1678901236', diagnosis: 'M54.50',
  lines: [{ code: 'E0601', system: 'HCPCS', units: 3 }, { code: 'K0001', system: 'HCPCS', units: 1 }], priority: 'standard', hoursAgo: 10,
};
