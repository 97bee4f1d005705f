/**
 * On every answer a service gives, also when something reaches it without the edge (whose response headers policy
 * adds the storefront's set on top): JSON is never sniffed as something else, never framed, and not readable by
 * other sites' no-cors requests.
 */
export const SERVICE_SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'cross-origin-resource-policy': 'same-origin',
} as const;
