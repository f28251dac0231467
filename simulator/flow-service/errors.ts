// Error answers in the shapes Platform services use. Flow Service answers
// {type, title, status, report:{detailed-message}, errorMessage, errorDetails} (seen in Adobe's access-label
// tutorial); the codes come from Adobe's "Flow Service error messages" (FLOW-14xx) and "Sources error messages"
// (13xx/16xx, sent with a CONNECTOR- prefix here) catalogues.
import type { SimResponse } from '../core/types';

export function problem(code: string, status: number, title: string, detail: string, extra: Record<string, unknown> = {}): SimResponse {
  return {
    status,
    body: {
      type: `https://ns.adobe.com/aep/errors/${code}`,
      title,
      status,
      report: { 'detailed-message': detail, ...extra },
      errorMessage: detail,
      errorDetails: detail,
    },
  };
}

/** GET/PATCH of an id that does not exist (FLOW-1439). */
export function notFound(kind: string, id: string): SimResponse {
  return problem('FLOW-1439-404', 404, 'Resource not found',
    `The requested ${kind} resource ${id} is not found. Verify the resource ID before trying again.`, { id, type: kind });
}

/** Generic request validation failure with a specific message (sources 1600-400 template). */
export function badRequest(detail: string): SimResponse {
  return problem('CONNECTOR-1600-400', 400, 'Bad Request', `The request could not be processed. ${detail}`);
}

/** A sources validation error with its documented code, e.g. connectorError(1362, 'Interval cannot be less than 15.'). */
export function connectorError(code: number, detail: string): SimResponse {
  return problem(`CONNECTOR-${code}-400`, 400, 'Bad Request', `${detail} Please check the provided request and try again.`);
}

export function missingField(field: string): SimResponse {
  return connectorError(1304, `The mandatory field ${field} is not provided.`);
}

export function emptyBody(): SimResponse {
  return problem('FLOW-1405-400', 400, 'Invalid request', 'The request body cannot be null or empty. Please provide a request body and try again.');
}

export function invalidSpec(): SimResponse {
  return problem('FLOW-1413-400', 400, 'Invalid request', 'The spec ID provided is invalid. Please provide a valid spec ID and try again.');
}

/** Catalog and Data Prep answer plain Platform problem documents; their codes are not published, so none is sent. */
export function plainProblem(status: number, title: string, detail: string): SimResponse {
  return { status, body: { type: `http://ns.adobe.com/aep/errors/${status}`, title, status, detail } };
}
