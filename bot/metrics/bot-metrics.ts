import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The bot's Prometheus metrics (`GET /metrics`), one registry per bot. */
export interface BotMetrics {
  readonly registry: Registry;
  readonly eventsReceived: Counter<'source' | 'outcome'>;
  readonly runsCreated: Counter<'backend' | 'status'>;
  readonly deliveries: Counter<'backend' | 'outcome'>;
  readonly deliverySeconds: Histogram<'backend'>;
  readonly ingestSeconds: Histogram;
  readonly activeDefinitions: Gauge;
  readonly timerLagSeconds: Histogram;
}

export function createBotMetrics(): BotMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'switchyard_' });
  return {
    registry,
    eventsReceived: new Counter({
      name: 'switchyard_events_received_total',
      help: 'Catalog events received, by source (http, kafka, internal) and outcome (accepted, duplicate).',
      labelNames: ['source', 'outcome'],
      registers: [registry],
    }),
    runsCreated: new Counter({
      name: 'switchyard_runs_created_total',
      help: 'Runs created, by backend type and initial status (FAILURE when the payload did not render).',
      labelNames: ['backend', 'status'],
      registers: [registry],
    }),
    deliveries: new Counter({
      name: 'switchyard_deliveries_total',
      help: 'Delivery attempts, by backend type and outcome (in_progress, success, failure, retry, gave_up).',
      labelNames: ['backend', 'outcome'],
      registers: [registry],
    }),
    deliverySeconds: new Histogram({
      name: 'switchyard_delivery_duration_seconds',
      help: 'Time of one delivery attempt, rendering and sending.',
      labelNames: ['backend'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    ingestSeconds: new Histogram({
      name: 'switchyard_ingest_duration_seconds',
      help: 'Time to accept one event: match, render, store durably.',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [registry],
    }),
    timerLagSeconds: new Histogram({
      name: 'switchyard_timer_lag_seconds',
      help: "Time from a timer's due instant to its TIMER_EXPIRED event and runs being stored.",
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      registers: [registry],
    }),
    activeDefinitions: new Gauge({
      name: 'switchyard_active_definitions',
      help: 'Definitions in the active sets.',
      registers: [registry],
    }),
  };
}
