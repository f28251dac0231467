// scheduleParams checked against CRMToAEP's PeriodicSchedule spec. `startTime` and `interval` must be JSON
// integers: the spec declares them `integer` (Adobe's tutorial sends strings, but a collection that relies on
// coercion is not portable to strict implementations, so the simulator does not coerce).
import type { SimResponse } from '../core/types';
import { connectorError } from './errors';
import { isObject } from './store';

const FREQUENCIES = ['once', 'minute', 'hour', 'day', 'week'];

export function checkSchedule(raw: unknown): SimResponse | undefined {
  if (!isObject(raw) || Object.keys(raw).length === 0) {
    return connectorError(1317, 'The provided schedule params are empty but should not be empty.');
  }
  const { startTime, frequency, interval, backfill } = raw;
  if (startTime === undefined) return connectorError(1359, 'The param scheduleParams.startTime is missing in the request.');
  if (typeof startTime !== 'number' || !Number.isInteger(startTime) || startTime < 0) {
    return connectorError(1340, `An error occurred while parsing startTime=${JSON.stringify(startTime)}; it must be an integer epoch time in seconds.`);
  }
  if (typeof frequency !== 'string' || !FREQUENCIES.includes(frequency)) {
    return connectorError(1397, `The provided frequency : ${JSON.stringify(frequency)} is invalid.`);
  }
  if (frequency === 'once') {
    if (interval !== undefined) return connectorError(1361, 'Interval is not allowed with one time ingestion.');
    if (backfill !== undefined) return connectorError(1364, 'The backfill flag is not allowed when frequency is set to once.');
    return undefined;
  }
  if (interval === undefined) return connectorError(1359, 'The param scheduleParams.interval is missing in the request.');
  if (typeof interval !== 'number' || !Number.isInteger(interval)) {
    return connectorError(1363, `Interval ${JSON.stringify(interval)} is not allowed with frequency: ${frequency}.`);
  }
  const min = frequency === 'minute' ? 15 : 1;
  if (interval < min) return connectorError(1362, `Interval cannot be less than ${min}.`);
  if (backfill !== undefined && typeof backfill !== 'boolean') {
    return connectorError(1312, `The provided param value ${JSON.stringify(backfill)} is not a valid input for property=scheduleParams.backfill.`);
  }
  return undefined;
}
