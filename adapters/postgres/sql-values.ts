import { sql } from 'kysely';

/** A JSON value typed in SQL: the RDS Data API binds a plain string as varchar, which PostgreSQL will not put in a json column. */
export const jsonValue = (value: unknown) => sql<unknown>`cast(${JSON.stringify(value ?? null)} as json)`;
