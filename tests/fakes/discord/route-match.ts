// How tests name a route in calls(), failNext() and rateLimitNext(): Discord's template
// ('/channels/{channel.id}/messages'), the same with ':id' or '*' placeholders, a concrete path,
// each optionally preceded by the method ('POST /channels/{channel.id}/messages').

const normalize = (s: string): string => s.replace(/^\/api/, '').replace(/^\/v\d+/, '').replace(/\{[^}]+\}|:[A-Za-z_.]+|\*/g, '*');

export function routeMatches(filter: string, method: string, template: string, path: string): boolean {
  const trimmed = filter.trim();
  const space = trimmed.indexOf(' ');
  const wantedMethod = space > 0 ? trimmed.slice(0, space).toUpperCase() : undefined;
  const wanted = space > 0 ? trimmed.slice(space + 1).trim() : trimmed;
  if (wantedMethod && wantedMethod !== method) return false;
  const shape = normalize(wanted);
  return shape === normalize(template) || normalize(wanted) === normalize(path) || wildcard(shape, path);
}

/** '/channels/*\/messages' against a concrete path. */
function wildcard(shape: string, path: string): boolean {
  if (!shape.includes('*')) return false;
  const pattern = new RegExp(`^${shape.split('*').map((p) => p.replace(/[.+?^$()|[\]\\{}]/g, '\\$&')).join('[^/]+')}$`);
  return pattern.test(path);
}
