-- Background variables are summed by month only. Summed by day as well (per unit, channel,
-- variable and value) they took twice the space of the answers themselves (measured: 1 166 MB of
-- day sums for 585 MB of answers at a million answers), for the few views that break a period
-- starting or ending mid-month down by a background variable; those count their partial months
-- from the answers instead.
drop table response_rollup_bg_day;
