-- Embedding columns and their similarity indexes. On servers with pgvector (Neon, PGlite) they are
-- vector(1536) with HNSW cosine indexes; on a server without it (stock Debian PostgreSQL) they are
-- real[] so the rest of the schema still migrates, and similarity search is simply unavailable there.
do $$
declare
  has_vector boolean := exists (select 1 from pg_extension where extname = 'vector');
  embedding_type text := case when has_vector then 'vector(1536)' else 'real[]' end;
  target text;
begin
  foreach target in array array['messages', 'knowledge_entries', 'embeddings'] loop
    execute format('alter table %I add column embedding %s', target, embedding_type);
    if has_vector then
      execute format('create index %I on %I using hnsw (embedding vector_cosine_ops)', target || '_embedding_idx', target);
    end if;
  end loop;
  alter table embeddings alter column embedding set not null;
end
$$;
