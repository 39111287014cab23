/** Port's search rule (`POST /v1/entities/search`, automation/action `condition`). */
export type EntitySearchRule =
  | {
      readonly property: string;
      readonly operator: string;
      readonly value?: unknown;
    }
  | {
      readonly operator: 'relatedTo';
      readonly blueprint: string;
      readonly value: string | readonly string[];
      readonly direction?: 'upstream' | 'downstream';
      readonly required?: boolean;
    };

/** Port's search query: rules joined by `combinator`; a rule may itself be a query. */
export interface EntitySearchQuery {
  readonly combinator: 'and' | 'or';
  readonly rules: readonly (EntitySearchRule | EntitySearchQuery)[];
}
