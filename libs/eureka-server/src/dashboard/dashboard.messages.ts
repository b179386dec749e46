import { DashboardActionName } from './dashboard-path';

/** Every sentence the dashboard shows, in one place. */

/** Spring's banner headlines, word for word (`navbar.ftlh`), so Spring users recognise them. */
export const SPRING_BANNERS = {
  emergency:
    "EMERGENCY! EUREKA MAY BE INCORRECTLY CLAIMING INSTANCES ARE UP WHEN THEY'RE NOT. RENEWALS ARE LESSER THAN THRESHOLD AND HENCE THE INSTANCES ARE NOT BEING EXPIRED JUST TO BE SAFE.",
  belowWithoutProtection:
    'RENEWALS ARE LESSER THAN THE THRESHOLD. THE SELF PRESERVATION MODE IS TURNED OFF. THIS MAY NOT PROTECT INSTANCE EXPIRY IN CASE OF NETWORK/OTHER PROBLEMS.',
  selfPreservationOff:
    'THE SELF PRESERVATION MODE IS TURNED OFF. THIS MAY NOT PROTECT INSTANCE EXPIRY IN CASE OF NETWORK/OTHER PROBLEMS.',
} as const;

export interface BannerFigures {
  /** Renewals per minute, measured over the last `windowSeconds`. */
  renewsLastMin: number;
  windowSeconds: number;
  threshold: number;
  expectedClients: number;
  renewalsPerClientPerMinute: number;
  percent: number;
  thresholdUpdateMinutes: number;
}

export function emergencyExplanation(f: BannerFigures): { why: string; what: string[] } {
  return {
    why:
      `Self-preservation is on. ${received(f)}, not more than the ` +
      `threshold of ${f.threshold} (${f.expectedClients} expected client(s) x ${f.renewalsPerClientPerMinute} per minute x ` +
      `${f.percent}). Eureka then assumes the network, not the instances, is failing and stops expiring leases: instances ` +
      'that stopped without deregistering stay listed (possibly as UP) until heartbeats come back above the threshold.',
    what: [
      'If clients cannot reach this server (network, DNS, a peer or load balancer in between), fix that: nothing is lost, leases resume expiring once heartbeats recover.',
      'If instances were really shut down or scaled away, deregister them here, or wait: the expected number of clients is recomputed from the registry size every ' +
        `${f.thresholdUpdateMinutes} minute(s) (EUREKA_SERVER_RENEWAL_THRESHOLD_UPDATE_INTERVAL_MS).`,
      'A small registry (fewer than about 6 instances, as in development) stays in this state by design: set EUREKA_SERVER_ENABLE_SELF_PRESERVATION=false or lower EUREKA_SERVER_RENEWAL_PERCENT_THRESHOLD there.',
    ],
  };
}

export function belowWithoutProtectionExplanation(f: BannerFigures): { why: string; what: string[] } {
  return {
    why:
      `${received(f)}, not more than the threshold of ${f.threshold}, ` +
      'and self-preservation is off: leases keep expiring, so if clients merely cannot reach this server they will be evicted ' +
      'from the registry (up to 15% of it per eviction run).',
    what: [
      'Check the network between the clients and this server.',
      'In production, consider EUREKA_SERVER_ENABLE_SELF_PRESERVATION=true so a network partition does not empty the registry.',
    ],
  };
}

/** The renewals received, over the window they are judged on (the shortest lease, at most a minute). */
function received(f: BannerFigures): string {
  if (f.windowSeconds >= 60) return `In the last minute this server received ${f.renewsLastMin} heartbeat(s)`;
  return `Over the last ${f.windowSeconds} s (the shortest lease held) this server received ${f.renewsLastMin} heartbeat(s) per minute`;
}

export function selfPreservationOffExplanation(): { why: string; what: string[] } {
  return {
    why: 'Self-preservation is off (EUREKA_SERVER_ENABLE_SELF_PRESERVATION=false): leases always expire after missed heartbeats, even when a network problem, not the instances, is the cause.',
    what: ['Fine for development and small registries; in production consider turning it on.'],
  };
}

export const ACTIONS_OPEN_NOTICE =
  'These actions are open to anyone who can reach this page: authentication is not configured on this server yet. ' +
  'Keep the dashboard on a trusted network, or turn it off with EUREKA_DASHBOARD_ENABLED=false.';

export interface ActionText {
  /** Button label. */
  label: string;
  /** Question of the confirmation dialog (`{id}` replaced). */
  question: string;
  /** What happens, shown under the question. */
  consequence: string;
  /** Label of the confirming button. */
  confirm: string;
  /** Shown after it worked. */
  done: string;
}

export const ACTION_TEXTS: Record<DashboardActionName, ActionText> = {
  'out-of-service': {
    label: 'Take out of service',
    question: 'Set {id} to OUT_OF_SERVICE?',
    consequence:
      'The status override OUT_OF_SERVICE is stored and replicated: clients stop sending traffic to the instance after their next registry fetch, while it keeps running and heart-beating. Clear the override to bring it back.',
    confirm: 'Set OUT_OF_SERVICE',
    done: 'Status override OUT_OF_SERVICE set.',
  },
  'clear-override': {
    label: 'Clear status override',
    question: 'Clear the status override of {id}?',
    consequence:
      "The override is removed and the status becomes UNKNOWN until the instance's next heartbeat, which makes it re-register with its own status (usually UP).",
    confirm: 'Clear override',
    done: 'Status override cleared.',
  },
  deregister: {
    label: 'Deregister',
    question: 'Deregister {id}?',
    consequence:
      'Its lease is cancelled on this server and its peers. A client that is still running re-registers on its next heartbeat (within about 30 s); to keep it out of traffic, take it out of service instead.',
    confirm: 'Deregister',
    done: 'Instance deregistered.',
  },
};

/** Fixed notices shown after a redirect (`?notice=`): never text taken from the request. */
export const NOTICES: Record<string, string> = {
  'out-of-service': ACTION_TEXTS['out-of-service'].done,
  'clear-override': ACTION_TEXTS['clear-override'].done,
  deregister: ACTION_TEXTS.deregister.done,
};

export const NO_INSTANCES = 'No instances available';
export const NO_MATCH = 'No instances match the filter.';
export const INSTANCE_NOT_FOUND = 'This instance is not registered (any more): it may have been cancelled or evicted.';
