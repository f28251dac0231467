// Schema Registry error answers: `type` http://ns.adobe.com/aep/errors/XDM-<code>-<status>, a `report` with
// registryRequestId / timestamp / detailed-message / sub-errors, and `detail` repeating the message — the shape
// documented in the XDM troubleshooting guide and the Schema Registry OpenAPI (errorBasic).
import type { SimContext, SimResponse } from '../core/types';

function registryTimestamp(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}-${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

export function xdmError(ctx: SimContext, status: number, code: string, title: string, message: string): SimResponse {
  return {
    status,
    body: {
      type: `http://ns.adobe.com/aep/errors/${code}-${status}`,
      title,
      status,
      report: { registryRequestId: ctx.newId('uuid'), timestamp: registryTimestamp(ctx.now()), 'detailed-message': message, 'sub-errors': [] },
      detail: message,
    },
  };
}

/** Error codes used by the simulator. Sourced from Adobe's docs where marked; the others are our own labels. */
export const XDM = {
  /** Accept header invalid: listing (1006), lookup (1007), descriptor listing (1008), descriptor lookup (1009). Sourced. */
  acceptList: 'XDM-1006',
  acceptLookup: 'XDM-1007',
  acceptDescriptorList: 'XDM-1008',
  acceptDescriptorLookup: 'XDM-1009',
  /** Resource not found: class (1010), field group (1011), schema (1012) are sourced; descriptor (1016) is a guess. */
  classNotFound: 'XDM-1010',
  fieldGroupNotFound: 'XDM-1011',
  schemaNotFound: 'XDM-1012',
  descriptorNotFound: 'XDM-1016',
  /** Title not unique. Sourced. */
  titleNotUnique: 'XDM-1521',
  /** Union (Profile) enablement checks. Sourced. */
  unionOneToOneNeedsReference: 'XDM-1526',
  unionNeedsIdentity: 'XDM-1528',
  /** Not sourced: generic payload validation, descriptor validation, schema composition. */
  badRequest: 'XDM-1000',
  descriptorInvalid: 'XDM-1500',
  compositionInvalid: 'XDM-1400',
  /** Not sourced: a schema that datasets use. */
  schemaInUse: 'XDM-1501',
} as const;
