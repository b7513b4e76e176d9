-- Web chat visitors (seed 001's visitor_session_id): the browser a conversation came from, so a
-- returning visitor resumes it and staff can see one browser's conversations together.
alter table conversations add column visitor_session_id text;
create index conversations_visitor_session_id_idx on conversations (organization_id, visitor_session_id)
  where visitor_session_id is not null;
