export interface EncodeOptions {
  /** Compact instance form (`X-Eureka-Accept: compact`, spec §4.9). */
  compact?: boolean;
}
