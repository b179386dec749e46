import {
  encodeApplicationJson,
  encodeApplicationXml,
  encodeApplicationsJson,
  encodeApplicationsXml,
} from '@nest-eureka/protocol';
import { InstanceRegistry } from '../registry/instance-registry';
import { buildApplication, buildDeltaDocument, buildFullDocument, buildVipDocument } from '../registry/registry-documents';
import { CacheKey } from './cache-key';
import { PayloadGenerator } from './response-cache';

/**
 * Builds and encodes the document a cache key names. The only place registry documents are
 * encoded. `versions__delta` of deltas counts every delta payload generated (spec §8.1).
 */
export function createPayloadGenerator(registry: InstanceRegistry): PayloadGenerator {
  let deltaVersion = 0;
  return (key: CacheKey) => {
    const opts = { compact: key.accept === 'compact' };
    const json = key.format === 'json';
    switch (key.entity) {
      case 'apps': {
        const doc = buildFullDocument(registry);
        return json ? encodeApplicationsJson(doc, opts) : encodeApplicationsXml(doc, opts);
      }
      case 'delta': {
        const doc = buildDeltaDocument(registry, ++deltaVersion);
        return json ? encodeApplicationsJson(doc, opts) : encodeApplicationsXml(doc, opts);
      }
      case 'vip':
      case 'svip': {
        const doc = buildVipDocument(registry, key.name, key.entity === 'svip');
        return json ? encodeApplicationsJson(doc, opts) : encodeApplicationsXml(doc, opts);
      }
      case 'app': {
        const app = buildApplication(registry, key.name);
        if (!app) return undefined;
        return json ? encodeApplicationJson(app, opts) : encodeApplicationXml(app, opts);
      }
    }
  };
}
