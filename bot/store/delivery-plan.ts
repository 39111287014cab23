/**
 * What the dispatcher sends for a run, kept in the outbox so a restarted or second process
 * delivers exactly what was planned. Secret values never appear in a plan:
 *
 * - `rendered`: the finished request. Use it only when the template references no secret, so
 *   the rendered request holds none; the dispatcher sends it as is.
 * - `render-at-delivery`: the unrendered invocation method and the trigger data it is rendered
 *   against, *without* a `secrets` key. The dispatcher adds `.secrets` from configuration at
 *   delivery time and renders again, so secrets live only in memory, and a rotated secret is
 *   picked up by a retry. `secretNames` lists the secrets the template needs, so a missing one
 *   can be reported before sending.
 *
 * The run's `payload` (what the API shows) is always the rendered request with secrets masked.
 */
export type DeliveryPlan =
  | { readonly kind: 'rendered'; readonly request: unknown }
  | {
      readonly kind: 'render-at-delivery';
      readonly invocationMethod: unknown;
      readonly triggerData: unknown;
      readonly secretNames: readonly string[];
    };
