-- Web chat widgets call the public API with a publishable channel key (an identifier meant to be
-- embedded in web pages, like a payments "pk_" key: not a secret), from allowed origins only.
alter table channels add column publishable_key text;
alter table channels add column allowed_origins text[] not null default '{}';
create unique index channels_publishable_key_key on channels (publishable_key) where publishable_key is not null;
