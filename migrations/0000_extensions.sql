-- Extensions the schema relies on. pgvector is on Neon and in PGlite; a server without it
-- (stock Debian PostgreSQL) still migrates, and embedding columns fall back as documented.
create extension if not exists pgcrypto;
create extension if not exists pg_trgm;
create extension if not exists btree_gist;
do $$
begin
  if exists (select 1 from pg_available_extensions where name = 'vector') then
    create extension if not exists vector;
  end if;
end
$$;
