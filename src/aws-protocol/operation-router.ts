// Routes an HTTP method + raw path to a modelled operation using each operation's requestUri template.
// Labels are percent-decoded per segment after splitting the raw path, as the AWS SDKs encode them
// (a `/` inside an ARN label arrives as %2F and must not split the path).
import type { OperationModel, ServiceModel } from './service-model.js';

interface CompiledRoute {
  operation: OperationModel;
  segments: { literal?: string; label?: string }[];
  /** One bit per segment, literal segments weigh more the earlier they come: most specific template wins. */
  specificity: number;
}

export interface RouteMatch {
  operation: OperationModel;
  labels: Record<string, string>;
}

export class OperationRouter {
  private readonly routesByMethod = new Map<string, CompiledRoute[]>();

  constructor(model: ServiceModel) {
    for (const operation of Object.values(model.operations)) {
      const [pathPart] = operation.http.requestUri.split('?');
      const segments = splitPath(pathPart!).map((raw) => {
        const label = /^\{([^}+]+)\+?\}$/.exec(raw);
        return label ? { label: label[1] } : { literal: raw };
      });
      let specificity = 0;
      segments.forEach((s, i) => {
        if (s.literal !== undefined) specificity += 2 ** (30 - i);
      });
      const list = this.routesByMethod.get(operation.http.method) ?? [];
      list.push({ operation, segments, specificity });
      this.routesByMethod.set(operation.http.method, list);
    }
    for (const list of this.routesByMethod.values()) list.sort((a, b) => b.specificity - a.specificity);
  }

  /** Returns the match, or undefined; throws URIError for a malformed percent-encoding. */
  match(method: string, rawPath: string): RouteMatch | undefined {
    const routes = this.routesByMethod.get(method.toUpperCase());
    if (!routes) return undefined;
    const parts = splitPath(rawPath);
    for (const route of routes) {
      if (route.segments.length !== parts.length) continue;
      const labels: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < parts.length && ok; i++) {
        const seg = route.segments[i]!;
        if (seg.literal !== undefined) ok = seg.literal === parts[i];
        else if (parts[i] === '') ok = false;
        else labels[seg.label!] = decodeURIComponent(parts[i]!);
      }
      if (ok) return { operation: route.operation, labels };
    }
    return undefined;
  }

  /** True when some operation uses this path with another method (so the answer is 405-like, not unknown). */
  knowsPath(rawPath: string): boolean {
    for (const method of this.routesByMethod.keys()) if (this.match(method, rawPath)) return true;
    return false;
  }
}

function splitPath(path: string): string[] {
  const trimmed = path.replace(/^\/+/, '').replace(/\/+$/, '');
  return trimmed === '' ? [] : trimmed.split('/');
}
