//! The `imports` table (every import written, with its file, content hash and counts) and
//! what the importer asks of the database while it plans and writes.

use super::db::{Connection, params};
use super::{Result, Store, Tx};
use serde::Serialize;

/// What an import read and wrote, as recorded when it finishes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportCounts {
    pub rows: usize,
    pub rejected: usize,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
}

/// An import recorded in the database.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportRecord {
    pub id: i64,
    pub file_name: String,
    pub imported_at: String,
    pub operator: String,
}

/// A fingerprint of everything that decides how a roster row is registered: any write to
/// `persons` changes its count, its largest id or its latest `updated_at`, and adds an event.
fn people_fingerprint(conn: &Connection) -> Result<String> {
    Ok(conn.query_row(
        "SELECT (SELECT COUNT(*) FROM persons) || '/' || (SELECT COALESCE(MAX(id), 0) FROM persons) \
         || '/' || (SELECT COALESCE(MAX(updated_at), '') FROM persons) || '/' || \
         (SELECT COALESCE(MAX(id), 0) FROM person_events) || '/' || (SELECT COUNT(*) FROM orgs)",
                (),
        |r| r.get(0),
    )?)
}

impl Store {
    /// See [`people_fingerprint`]: a plan made at one fingerprint can be written without
    /// looking people up again while the fingerprint is unchanged.
    pub fn people_fingerprint(&self) -> Result<String> {
        people_fingerprint(&self.conn)
    }

    /// Earlier imports of the same content (`hash`) and kind, oldest first.
    pub fn imports_of_content(&self, hash: &str, kind: &str) -> Result<Vec<ImportRecord>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, file_name, imported_at, operator FROM imports \
             WHERE content_hash = ?1 AND kind = ?2 ORDER BY id",
        )?;
        let rows = st.query_map(params![hash, kind], |r| {
            Ok(ImportRecord {
                id: r.get(0)?,
                file_name: r.get(1)?,
                imported_at: r.get(2)?,
                operator: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<super::db::Result<Vec<_>>>()?)
    }

    /// Runs `f` with a page cache of `kib` KiB (one big import's transaction would spill the
    /// default 2 MB to the WAL half-way), restoring the cache afterwards. It changes no data.
    pub fn with_page_cache<T>(&mut self, kib: i64, f: impl FnOnce(&mut Store) -> T) -> T {
        let Some(conn) = self.conn.sqlite() else {
            return f(self);
        };
        let cache: i64 = conn
            .pragma_query_value(None, "cache_size", |r| r.get(0))
            .unwrap_or(-2000);
        let _ = conn.pragma_update(None, "cache_size", -kib);
        let out = f(self);
        if let Some(conn) = self.conn.sqlite() {
            let _ = conn.pragma_update(None, "cache_size", cache);
        }
        out
    }
}

impl Tx<'_> {
    /// Runs `f` (a bulk insert) with the secondary indexes of `tables` dropped, and builds
    /// them again afterwards, in the same transaction: building an index over all rows at
    /// once is faster than keeping it up to date row by row. Unique constraints (the ID
    /// number's) stay in force throughout. On any error the transaction rolls back, the
    /// indexes with it.
    pub fn with_indexes_rebuilt<T>(
        &mut self,
        tables: &[&str],
        f: impl FnOnce(&mut Self) -> Result<T>,
    ) -> Result<T> {
        // On a server, dropping an index would lock the table against every other clerk
        // until the import commits: the indexes are kept up to date there.
        if self.conn.backend() == super::db::Backend::Postgres {
            return f(self);
        }
        let mut indexes: Vec<(String, String)> = Vec::new();
        {
            let mut st = self.conn.prepare(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ?1 \
                 AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%' ORDER BY name",
            )?;
            for t in tables {
                let rows = st.query_map([t], |r| Ok((r.get(0)?, r.get(1)?)))?;
                for r in rows {
                    indexes.push(r?);
                }
            }
        }
        for (name, _) in &indexes {
            self.conn
                .execute_batch(&format!("DROP INDEX \"{}\";", name.replace('"', "\"\"")))?;
        }
        let out = f(self)?;
        for (_, sql) in &indexes {
            self.conn.execute_batch(sql)?;
        }
        Ok(out)
    }

    /// How many people the registry holds (on posts or not).
    pub fn people_count(&self) -> Result<usize> {
        let n: i64 = self
            .conn
            .query_row("SELECT COUNT(*) FROM persons", (), |r| r.get(0))?;
        Ok(n as usize)
    }

    /// [`Store::people_fingerprint`] inside the transaction.
    pub fn people_fingerprint(&self) -> Result<String> {
        people_fingerprint(self.conn)
    }

    /// Records an import being written (its counts of created, updated and unchanged rows
    /// follow with [`Tx::finish_import`]); the rows it writes are tagged with it.
    pub fn record_import(
        &mut self,
        file_name: &str,
        content_hash: &str,
        kind: &str,
        rows: usize,
        rejected: usize,
    ) -> Result<i64> {
        let id = self
            .conn
            .prepare_insert(
                "INSERT INTO imports (file_name, content_hash, kind, operator, imported_at, \
                 rows, rejected) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .insert(params![
                file_name,
                content_hash,
                kind,
                self.operator,
                self.now,
                rows as i64,
                rejected as i64,
            ])?;
        self.import_id = Some(id);
        Ok(id)
    }

    /// The counts of an import once written.
    pub fn finish_import(&mut self, id: i64, counts: ImportCounts) -> Result<()> {
        self.conn
            .prepare_cached(
                "UPDATE imports SET rows = ?2, rejected = ?3, created = ?4, updated = ?5, \
                 unchanged = ?6 WHERE id = ?1",
            )?
            .execute(params![
                id,
                counts.rows as i64,
                counts.rejected as i64,
                counts.created as i64,
                counts.updated as i64,
                counts.unchanged as i64
            ])?;
        Ok(())
    }
}
