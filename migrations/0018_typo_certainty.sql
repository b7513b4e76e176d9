-- Typo correction weighs a correction by how many letters the customer got wrong (Levenshtein
-- distance against the word's length): "adress" for "address" is one letter in seven, nearly
-- certain, where trigram similarity (which finds the candidates) rates it 0.67.
create extension if not exists fuzzystrmatch;
