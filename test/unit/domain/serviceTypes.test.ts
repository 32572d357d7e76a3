import { lineCodeLabel, serviceTypeDescription, SERVICE_TYPE_SYSTEM } from '../../../src/domain/serviceTypes';

test('a service type line reads as a service type, never as a bare number', () => {
  expect(lineCodeLabel('3', SERVICE_TYPE_SYSTEM)).toBe('Service type 3');
  expect(lineCodeLabel('27447', 'CPT')).toBe('27447');
  expect(serviceTypeDescription('3')).toBe('Consultation (X12 service type, no procedure code)');
  expect(serviceTypeDescription('ZZ')).toBe('(X12 service type, no procedure code)');
});
