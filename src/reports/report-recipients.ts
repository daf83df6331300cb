/**
 * Who gets a node's reports: everyone who asked for them, and every active manager of the node
 * who has not said no. One query text for scheduling (which nodes) and sending (to whom).
 */
export const reportRecipientsCte = `recipients as (
       select s.user_id, s.node_id from report_subscription s
       union
       select r.user_id, r.node_id from role_assignment r
       where r.role = 'manager' and not exists (select 1 from report_opt_out o where o.user_id = r.user_id and o.node_id = r.node_id))`;
