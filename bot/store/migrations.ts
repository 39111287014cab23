import type { SqlDialect } from './sql-dialect.js';

export interface Migration {
  readonly version: number;
  readonly name: string;
  statements(dialect: SqlDialect): string[];
}

/** Append only: a released migration never changes; a new version fixes forward. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'events, runs, run logs, outbox, poison messages',
    statements: ({ jsonType: json, serialPrimaryKey: serial }) => [
      `CREATE TABLE events (
        id TEXT PRIMARY KEY,
        source TEXT NOT NULL,
        received_at BIGINT NOT NULL,
        body ${json} NOT NULL,
        run_ids ${json} NOT NULL
      )`,
      `CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        event_id TEXT,
        status TEXT NOT NULL,
        status_label TEXT,
        link ${json} NOT NULL,
        summary TEXT,
        external_run_id TEXT,
        action_identifier TEXT NOT NULL,
        action_title TEXT,
        blueprint_identifier TEXT,
        blueprint_title TEXT,
        entity_identifier TEXT,
        entity_title TEXT,
        properties ${json} NOT NULL,
        source TEXT NOT NULL,
        payload ${json},
        response ${json},
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        ended_at BIGINT,
        created_by TEXT,
        created_by_email TEXT,
        updated_by TEXT,
        origin_repository TEXT,
        origin_file TEXT NOT NULL,
        origin_commit TEXT,
        backend_type TEXT NOT NULL,
        chain_depth INTEGER NOT NULL,
        delivery ${json}
      )`,
      'CREATE INDEX runs_created ON runs (created_at, id)',
      'CREATE INDEX runs_action ON runs (action_identifier, created_at)',
      'CREATE INDEX runs_entity ON runs (entity_identifier, created_at)',
      'CREATE INDEX runs_external_run_id ON runs (external_run_id)',
      `CREATE TABLE run_logs (
        seq ${serial},
        id TEXT NOT NULL,
        run_id TEXT NOT NULL,
        message TEXT NOT NULL,
        created_by TEXT,
        created_at BIGINT NOT NULL
      )`,
      'CREATE INDEX run_logs_run ON run_logs (run_id, seq)',
      // One row per undelivered run. `available_at` is when it may be claimed next: the retry
      // time, or while claimed the end of the lease, so one index finds due and orphaned work.
      `CREATE TABLE outbox (
        run_id TEXT PRIMARY KEY,
        available_at BIGINT NOT NULL,
        attempts INTEGER NOT NULL,
        claimed_by TEXT,
        last_error TEXT,
        created_at BIGINT NOT NULL
      )`,
      'CREATE INDEX outbox_due ON outbox (available_at)',
      `CREATE TABLE poison_messages (
        seq ${serial},
        id TEXT NOT NULL,
        source TEXT NOT NULL,
        reason TEXT NOT NULL,
        raw TEXT NOT NULL,
        topic TEXT,
        kafka_partition INTEGER,
        kafka_offset TEXT,
        kafka_key TEXT,
        received_at BIGINT NOT NULL
      )`,
    ],
  },
  {
    version: 2,
    name: 'definition sets synced from repositories',
    statements: ({ jsonType: json }) => [
      // One row per repository: the active set (`commit_sha`, `definitions`), the last commit
      // synced and its load result (an invalid commit updates only those), and a revision that
      // changes on every write so replicas see what to reload.
      `CREATE TABLE definition_sets (
        repository TEXT PRIMARY KEY,
        installation_id BIGINT,
        commit_sha TEXT,
        definitions ${json} NOT NULL,
        synced_commit TEXT NOT NULL,
        result ${json} NOT NULL,
        revision TEXT NOT NULL,
        updated_at BIGINT NOT NULL
      )`,
      'CREATE INDEX definition_sets_installation ON definition_sets (installation_id)',
    ],
  },
  {
    version: 3,
    name: 'timers: pending expiries of timer properties',
    statements: ({ jsonType: json }) => [
      // One row per (blueprint, entity, property); `id` is derived from the three. `available_at`
      // is when it may be claimed next: its due time, a retry time, or while claimed the end of
      // the lease, so one index finds due timers and those whose replica died.
      `CREATE TABLE timers (
        id TEXT PRIMARY KEY,
        blueprint TEXT NOT NULL,
        entity TEXT NOT NULL,
        property TEXT NOT NULL,
        due_at BIGINT NOT NULL,
        value TEXT NOT NULL,
        entity_snapshot ${json} NOT NULL,
        scheduled_by ${json},
        source_event_id TEXT,
        available_at BIGINT NOT NULL,
        claimed_by TEXT,
        attempts INTEGER NOT NULL,
        last_error TEXT,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL
      )`,
      'CREATE INDEX timers_available ON timers (available_at, id)',
      'CREATE INDEX timers_due ON timers (due_at, id)',
      'CREATE INDEX timers_entity ON timers (blueprint, entity)',
    ],
  },
  {
    version: 4,
    name: 'entity catalog',
    statements: ({ jsonType: json }) => [
      // Port's entity shape; kept current from accepted ENTITY_* events and written by the
      // entity API and UPSERT_ENTITY. The primary key serves get, delete and searches that pin
      // `$blueprint` / `$identifier`.
      `CREATE TABLE entities (
        blueprint TEXT NOT NULL,
        identifier TEXT NOT NULL,
        title TEXT,
        icon TEXT,
        team ${json} NOT NULL,
        properties ${json} NOT NULL,
        relations ${json} NOT NULL,
        created_at BIGINT NOT NULL,
        created_by TEXT,
        updated_at BIGINT NOT NULL,
        updated_by TEXT,
        PRIMARY KEY (blueprint, identifier)
      )`,
      'CREATE INDEX entities_identifier ON entities (identifier)',
    ],
  },
  {
    version: 5,
    name: 'web UI: delivery attempts, event columns, run links and trigger data',
    statements: (dialect) => {
      const { jsonType: json, serialPrimaryKey: serial } = dialect;
      // Read from the stored body to fill the new event columns of events stored before.
      const field = (path: string[]) =>
        dialect.name === 'sqlite'
          ? `json_extract(body, '$.${path.join('.')}')`
          : `(body::json #>> '{${path.join(',')}}')`;
      const action = field(['action']);
      const resource = field(['resourceType']);
      return [
        // One row per delivery attempt of a run, as the deliverer saw it.
        `CREATE TABLE delivery_attempts (
          seq ${serial},
          run_id TEXT NOT NULL,
          n INTEGER NOT NULL,
          started_at BIGINT NOT NULL,
          duration_ms INTEGER NOT NULL,
          status_code INTEGER,
          error TEXT,
          response_excerpt TEXT,
          next_attempt_at BIGINT
        )`,
        'CREATE INDEX delivery_attempts_run ON delivery_attempts (run_id, seq)',
        'ALTER TABLE runs ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0',
        'ALTER TABLE runs ADD COLUMN rerun_of TEXT',
        `ALTER TABLE runs ADD COLUMN trigger_data ${json}`,
        'CREATE INDEX runs_event ON runs (event_id)',
        'CREATE INDEX runs_rerun_of ON runs (rerun_of)',
        'CREATE INDEX runs_status ON runs (status, created_at, id)',
        'CREATE INDEX runs_blueprint ON runs (blueprint_identifier, created_at)',
        // `type`, `blueprint`, `entity` and the run a run event is about (the chain), for the
        // event list's filters; `duplicates` counts receipts of an id after the first.
        'ALTER TABLE events ADD COLUMN type TEXT',
        'ALTER TABLE events ADD COLUMN blueprint TEXT',
        'ALTER TABLE events ADD COLUMN entity TEXT',
        'ALTER TABLE events ADD COLUMN subject_run_id TEXT',
        'ALTER TABLE events ADD COLUMN duplicates INTEGER NOT NULL DEFAULT 0',
        `ALTER TABLE events ADD COLUMN replays ${json}`,
        `UPDATE events SET
          blueprint = COALESCE(${field(['context', 'blueprintIdentifier'])}, ${field(['diff', 'after', 'blueprint'])}, ${field(['diff', 'before', 'blueprint'])}),
          entity = COALESCE(${field(['context', 'entityIdentifier'])}, ${field(['diff', 'after', 'identifier'])}, ${field(['diff', 'before', 'identifier'])}),
          subject_run_id = CASE WHEN ${resource} = 'run' THEN ${field(['diff', 'after', 'id'])} END,
          type = CASE
            WHEN ${resource} = 'run' AND ${action} = 'CREATE' THEN 'RUN_CREATED'
            WHEN ${resource} = 'run' AND ${action} = 'UPDATE' THEN 'RUN_UPDATED'
            WHEN ${resource} = 'entity' AND ${action} = 'CREATE' THEN 'ENTITY_CREATED'
            WHEN ${resource} = 'entity' AND ${action} = 'UPDATE' THEN 'ENTITY_UPDATED'
            WHEN ${resource} = 'entity' AND ${action} = 'DELETE' THEN 'ENTITY_DELETED'
            WHEN ${action} = 'TIMER_EXPIRED' THEN 'TIMER_PROPERTY_EXPIRED'
          END`,
        'CREATE INDEX events_received ON events (received_at, id)',
        'CREATE INDEX events_entity ON events (entity, received_at)',
        'CREATE INDEX events_subject_run ON events (subject_run_id)',
      ];
    },
  },
  {
    version: 6,
    name: 'agent queue: WEBHOOK runs with agent: true, waiting for port-agent to claim them',
    statements: () => [
      // One row per run waiting for an execution agent (`POST /v1/actions/runs/claim-pending`).
      // `available_at` is when it may be claimed: at once, or while claimed the end of the
      // claim, so an agent that claimed and died without `PATCH …/ack` leaves it claimable again.
      `CREATE TABLE agent_queue (
        run_id TEXT PRIMARY KEY,
        available_at BIGINT NOT NULL,
        claimed_by TEXT,
        claims INTEGER NOT NULL,
        created_at BIGINT NOT NULL
      )`,
      'CREATE INDEX agent_queue_due ON agent_queue (available_at, run_id)',
    ],
  },
  {
    version: 7,
    name: 'chain outbox: run events queued with the run change they report',
    statements: ({ jsonType: json, serialPrimaryKey: serial }) => [
      // One row per RUN_CREATED / RUN_UPDATED to ingest, in the order queued (`seq`); `id` is
      // the run event's id, so the same change is queued once and ingesting it again is a
      // duplicate. `available_at` works as in `outbox`: the time it may be claimed, or while
      // claimed the end of the lease.
      `CREATE TABLE chain_outbox (
        seq ${serial},
        id TEXT NOT NULL UNIQUE,
        run_id TEXT NOT NULL,
        run_before ${json},
        run_after ${json} NOT NULL,
        available_at BIGINT NOT NULL,
        claimed_by TEXT,
        attempts INTEGER NOT NULL,
        created_at BIGINT NOT NULL
      )`,
      'CREATE INDEX chain_outbox_due ON chain_outbox (available_at)',
    ],
  },
  {
    version: 8,
    name: 'partial indexes on the columns most rows leave NULL',
    // Almost every run has no external run id and is no rerun, and almost every event is about
    // no run, yet each NULL was an index entry written with the row. Looked up only by equality
    // (which implies NOT NULL, so both databases use these), they now index only what is set:
    // 3 index writes less per event and its run.
    statements: () =>
      (
        [
          ['runs_external_run_id', 'runs', 'external_run_id'],
          ['runs_rerun_of', 'runs', 'rerun_of'],
          ['events_subject_run', 'events', 'subject_run_id'],
        ] as const
      ).flatMap(([index, table, column]) => [
        `DROP INDEX ${index}`,
        `CREATE INDEX ${index} ON ${table} (${column}) WHERE ${column} IS NOT NULL`,
      ]),
  },
];
