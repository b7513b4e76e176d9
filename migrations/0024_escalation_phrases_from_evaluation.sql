-- Default escalation phrases the first held-out part of the escalation evaluation showed missing
-- (bench/answers/escalation-set.ts, run once at stop 39): an injury told as "I hurt my wrist", a
-- lost parcel, a refund that has not come. Organizations that silenced a category ("*" ignore
-- rules) stay silenced: their rules apply to defaults by phrase and category, whenever added.
insert into default_escalation_phrases (language, category, phrase, priority) values
('en', 'safety', 'hurt my', 'urgent'), ('en', 'safety', 'hurt her', 'urgent'), ('en', 'safety', 'hurt his', 'urgent'),
('en', 'safety', 'hurt himself', 'urgent'), ('en', 'safety', 'hurt herself', 'urgent'), ('en', 'safety', 'got injured', 'urgent'),
('en', 'complaint', 'is lost', 'high'), ('en', 'complaint', 'got lost', 'high'), ('en', 'complaint', 'went missing', 'high'),
('en', 'complaint', 'where is my refund', 'high'), ('en', 'complaint', 'where''s my refund', 'high'),
('en', 'complaint', 'still waiting for my refund', 'high'), ('en', 'complaint', 'never got my refund', 'high'),
('de', 'complaint', 'verloren gegangen', 'high'), ('de', 'complaint', 'ist verloren', 'high'),
('de', 'complaint', 'wo bleibt meine erstattung', 'high'), ('de', 'complaint', 'wo ist mein geld', 'high')
on conflict (language, category, phrase) do nothing;
