import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addBusinessDays, businessDaysBetween, easter, holidays, isBusinessDay } from '../../src/core/business-days.ts';

test('Colombian holidays: fixed, moved to Monday (Ley 51 de 1983) and Easter-based', () => {
  assert.equal(easter(2025).toISOString().slice(0, 10), '2025-04-20');
  assert.equal(easter(2026).toISOString().slice(0, 10), '2026-04-05');
  // The 2025 calendar as decreed: 18 holidays, two of them on 30 June.
  assert.deepEqual([...holidays(2025)].sort(), [
    '2025-01-01', '2025-01-06', '2025-03-24', '2025-04-17', '2025-04-18', '2025-05-01', '2025-06-02', '2025-06-23', '2025-06-30',
    '2025-07-20', '2025-08-07', '2025-08-18', '2025-10-13', '2025-11-03', '2025-11-17', '2025-12-08', '2025-12-25',
  ]);
  assert.ok(holidays(2026).has('2026-03-23'), 'San José 2026 (19 March, a Thursday) is observed on Monday 23');
  assert.ok(holidays(2026).has('2026-04-02') && holidays(2026).has('2026-04-03'), 'Holy Thursday and Good Friday 2026');
  assert.equal(isBusinessDay('2026-11-27'), true);
  assert.equal(isBusinessDay('2026-11-28'), false, 'Saturday');
  assert.equal(isBusinessDay('2026-11-16'), false, 'Independence of Cartagena 2026, moved to Monday 16');
});

test('ten business days skip weekends and holidays, counted in Bogotá time', () => {
  // Filed Friday 27 Nov 2026 at 10:00 in Bogotá: days run 30 Nov … 11 Dec; 8 Dec is a holiday.
  const due = addBusinessDays(new Date('2026-11-27T15:00:00Z'), 10);
  assert.equal(due.toISOString(), '2026-12-15T04:59:59.999Z', 'end of Monday 14 December in Bogotá');
  // Filed late Friday night in Bogotá (already Saturday in UTC): still Friday's term.
  assert.equal(addBusinessDays(new Date('2026-11-28T03:00:00Z'), 10).toISOString(), due.toISOString());
  assert.equal(businessDaysBetween(new Date('2026-11-27T15:00:00Z'), new Date('2026-12-14T15:00:00Z')), 10);
  assert.equal(businessDaysBetween(new Date('2026-12-14T15:00:00Z'), new Date('2026-11-27T15:00:00Z')), 0);
});
