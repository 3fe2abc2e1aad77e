/**
 * The shape of a row's uuid key (every table but the serial ones). An id from outside is checked
 * against it before it reaches a query, where PostgreSQL would refuse it as text of the wrong type.
 */
export const UUID_KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
