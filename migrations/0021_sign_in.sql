-- Sign-in that holds against guessing, and credentials that end when they should.
--
-- Failed sign-ins are counted per account (the email, lower case, whether or not a user has it, so
-- the answers tell nothing about who exists): after a few, each next attempt waits twice as long;
-- after more, the account is locked until an owner lifts the lock.
create table login_throttles (
  email text primary key,
  failures integer not null default 0,
  next_attempt_at timestamptz,
  locked_at timestamptz,
  last_failure_at timestamptz not null default now(),
  constraint login_throttles_email_check check (email = lower(email))
);

-- A password reset, a role change or a deactivation ends every credential the user holds: browser
-- sessions are revoked, and bearer tokens issued before this are refused.
alter table users add column credentials_changed_at timestamptz;
