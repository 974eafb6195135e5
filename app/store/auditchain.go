package store

// The audit log is a hash chain (README, "Statistics, reports and audit"). Every row holds
// prev_hash, the row_hash of the row before it in id order (64 zeros for the first row), and
// row_hash, computed as follows so that anyone can recompute it without the portal:
//
//	row_hash = lowercase hex of SHA-256( "portal-audit-v1\n" || F(id) || F(at) || F(actor_id) ||
//	           F(actor_role) || F(actor_email) || F(ip) || F(user_agent) || F(action) ||
//	           F(target_type) || F(target_id) || F(client_id) || F(outcome) || F(request_id) ||
//	           F(summary) || F(prev_hash) )
//
// F(v) is a netstring: the length of v in bytes (decimal), ":", the bytes of v, ",". Because each
// field carries its length, no two different rows encode alike, whatever their text holds. Values
// are as the columns hold them: integers in decimal, the empty string for NULL (so NULL and 0
// differ); at as "YYYY-MM-DD HH:MM:SS.ffffff" (UTC, the column's six decimals); text as its UTF-8
// bytes; prev_hash as its 64 hex characters. AuditHashSQL is the same computation in SQL.
//
// The chain head (audit_chain, one row) holds the last row's id and hash. It is updated in the
// transaction of every insert, after a FOR UPDATE lock that serialises audited writes: two
// transactions can never chain onto the same row, and the ids of chained rows follow each other
// without gaps. Verification (VerifyAuditChain) therefore tells an edited row (its hash no longer
// matches), a deleted one (the next row points at a hash that is gone), a row slipped in (the
// row after it points over it), rows cut from the end (the head, or the last row found intact by
// the previous verification, is gone).
//
// What it does not do: someone who can write to the database can rebuild the whole chain after
// an edit. The last verification's head (shown by portal audit verify, kept in the job history
// and in every backup) is the reference that such a rewrite contradicts.

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"
)

// chainGenesis is the prev_hash of the first row.
const chainGenesis = "0000000000000000000000000000000000000000000000000000000000000000"

// AuditHashSQL recomputes row_hash over the columns of an audit_log row, in MariaDB or MySQL:
// SELECT id FROM audit_log WHERE row_hash <> <AuditHashSQL> lists the rows whose content changed.
// Each field is written length:value, (see the top of the file); a time as its microseconds, a
// NULL id as an empty value.
var AuditHashSQL = auditHashSQL("id", "DATE_FORMAT(at, '%Y-%m-%d %H:%i:%s.%f')", "COALESCE(actor_id, '')", "actor_role",
	"actor_email", "ip", "user_agent", "action", "target_type", "COALESCE(target_id, '')", "COALESCE(client_id, '')", "outcome",
	"request_id", "summary", "prev_hash")

func auditHashSQL(fields ...string) string {
	var b strings.Builder
	b.WriteString(`CONVERT(SHA2(CONCAT('portal-audit-v1\n'`)
	for _, f := range fields {
		fmt.Fprintf(&b, ",\n\tLENGTH(%s), ':', %s, ','", f, f)
	}
	b.WriteString("), 256) USING ascii) COLLATE ascii_bin")
	return b.String()
}

// chainRow is an audit row as the database holds it, NULLs included.
type chainRow struct {
	id                                     int64
	at                                     time.Time
	actorID, targetID, clientID            sql.NullInt64
	actorRole, actorEmail, ip, userAgent   string
	action, targetType, outcome, requestID string
	summary                                string
	prev, hash                             sql.NullString
}

// newChainRow is e as it will be stored: clipped to the columns, valid UTF-8 (strict mode would
// refuse anything else), the time at the column's microseconds.
func newChainRow(e AuditEntry) chainRow {
	text := func(s string, n int) string { return clip(strings.ToValidUTF8(s, "\uFFFD"), n) }
	return chainRow{
		at: e.At.UTC().Truncate(time.Microsecond), actorID: nullID(e.ActorID), targetID: nullID(e.TargetID), clientID: nullID(e.ClientID),
		actorRole: text(e.ActorRole, 10), actorEmail: text(e.ActorEmail, 254), ip: text(e.IP, 45), userAgent: text(e.UserAgent, 300),
		action: text(e.Action, 64), targetType: text(e.TargetType, 32), outcome: e.Outcome, requestID: text(e.RequestID, 64),
		summary: text(e.Summary, 1000),
	}
}

const chainColumns = "id, at, actor_id, actor_role, actor_email, ip, user_agent, action, target_type, target_id, client_id, outcome, request_id, summary, prev_hash, row_hash"

func (r *chainRow) scan(rows *sql.Rows) error {
	return rows.Scan(&r.id, &r.at, &r.actorID, &r.actorRole, &r.actorEmail, &r.ip, &r.userAgent, &r.action, &r.targetType,
		&r.targetID, &r.clientID, &r.outcome, &r.requestID, &r.summary, &r.prev, &r.hash)
}

// computeHash is row_hash for r and its prev_hash (see the top of the file); buf is reused.
func (r *chainRow) computeHash(buf []byte) string {
	b := append(buf[:0], "portal-audit-v1\n"...)
	str := func(s string) {
		b = strconv.AppendInt(b, int64(len(s)), 10)
		b = append(b, ':')
		b = append(b, s...)
		b = append(b, ',')
	}
	num := func(n sql.NullInt64) {
		if !n.Valid {
			str("")
			return
		}
		str(strconv.FormatInt(n.Int64, 10))
	}
	num(sql.NullInt64{Int64: r.id, Valid: true})
	str(r.at.UTC().Format("2006-01-02 15:04:05.000000"))
	num(r.actorID)
	str(r.actorRole)
	str(r.actorEmail)
	str(r.ip)
	str(r.userAgent)
	str(r.action)
	str(r.targetType)
	num(r.targetID)
	num(r.clientID)
	str(r.outcome)
	str(r.requestID)
	str(r.summary)
	str(r.prev.String)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// initAuditChain chains the rows written before the chain existed and creates the chain head,
// once: a database with a head is left alone, so that a row slipped in later is never chained
// (and so excused) by a restart. It runs in one transaction under the migration lock, so that
// two portals starting together (on one server or on two Galera nodes), or a crash half-way,
// leave either no head or a complete chain.
func (db *DB) initAuditChain(ctx context.Context, log *slog.Logger) error {
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	noHead := func() (bool, error) {
		var heads int
		err := conn.QueryRowContext(ctx, "SELECT COUNT(*) FROM audit_chain").Scan(&heads)
		return heads == 0, err
	}
	return db.underMigrationLock(ctx, conn, log, noHead, func() error { return chainAuditLog(ctx, conn) })
}

// chainAuditLog chains the audit log and writes its head, unless a head is already there.
func chainAuditLog(ctx context.Context, conn *sql.Conn) error {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	var heads int
	if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM audit_chain").Scan(&heads); err != nil {
		return err
	}
	if heads > 0 {
		return nil
	}
	const batch = 500
	prev, lastID := chainGenesis, int64(0)
	var buf []byte
	for {
		rows, err := tx.QueryContext(ctx, "SELECT "+chainColumns+" FROM audit_log WHERE id > ? ORDER BY id LIMIT ?", lastID, batch)
		if err != nil {
			return err
		}
		var page []chainRow
		for rows.Next() {
			var r chainRow
			if err := r.scan(rows); err != nil {
				rows.Close()
				return err
			}
			page = append(page, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(page) == 0 {
			break
		}
		// One UPDATE per page: row by row, a million-row log would take minutes.
		var prevCase, hashCase, ids strings.Builder
		args := make([]any, 0, 5*len(page))
		hashArgs := make([]any, 0, 2*len(page))
		idArgs := make([]any, 0, len(page))
		for i := range page {
			r := &page[i]
			r.prev = sql.NullString{String: prev, Valid: true}
			prev = r.computeHash(buf)
			prevCase.WriteString(" WHEN ? THEN ?")
			hashCase.WriteString(" WHEN ? THEN ?")
			if i > 0 {
				ids.WriteString(", ")
			}
			ids.WriteString("?")
			args = append(args, r.id, r.prev.String)
			hashArgs = append(hashArgs, r.id, prev)
			idArgs = append(idArgs, r.id)
			lastID = r.id
		}
		args = append(append(args, hashArgs...), idArgs...)
		if _, err := tx.ExecContext(ctx, "UPDATE audit_log SET prev_hash = CASE id"+prevCase.String()+" END, row_hash = CASE id"+
			hashCase.String()+" END WHERE row_hash IS NULL AND id IN ("+ids.String()+")", args...); err != nil {
			return fmt.Errorf("audit log: chaining the existing rows: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO audit_chain (id, last_id, last_hash) VALUES (1, ?, ?)", lastID, prev); err != nil {
		return err
	}
	return tx.Commit()
}

// DropEmptyAuditChain removes the head of an empty audit log, so that a restore can load the
// head of the log it brings; a log with rows keeps its head.
func (db *DB) DropEmptyAuditChain(ctx context.Context) error {
	_, err := db.conn(ctx).ExecContext(ctx, "DELETE FROM audit_chain WHERE last_id = 0 AND NOT EXISTS (SELECT 1 FROM audit_log)")
	return err
}

// Kinds of chain break.
const (
	ChainEdited    = "edited"    // the row's content no longer matches its hash
	ChainDeleted   = "deleted"   // rows are missing before the row
	ChainInserted  = "inserted"  // the row was added outside the portal, or out of order
	ChainTruncated = "truncated" // rows are missing at the end of the log
	ChainRewritten = "rewritten" // the row is chained, but not as the last verification found it
	ChainNoHead    = "no_head"   // the chain head is missing
)

// ChainBreak is the first place where the chain does not hold.
type ChainBreak struct {
	Kind string
	// Row is the row named: the first one edited, inserted or rewritten, the first one after the
	// missing ones for a deletion, the last one kept for a truncation.
	Row int64
	// From and To are the ids that are missing (deleted, truncated), when the ids tell.
	From, To int64
	Detail   string // in English, for the command line and the logs
}

// ChainReport is the outcome of a verification.
type ChainReport struct {
	Rows     int64
	LastID   int64
	LastHash string
	Break    *ChainBreak
}

// VerifyAuditChain walks the audit log in id order, in one consistent snapshot, recomputing
// every hash. It streams (constant memory: the row, the next one and two hashes) and stops at
// the first break. An error means the walk could not be done, not that the chain is broken.
func (db *DB) VerifyAuditChain(ctx context.Context) (rep ChainReport, err error) {
	err = db.ReadSnapshot(ctx, func(ctx context.Context) error {
		rep, err = db.verifyAuditChain(ctx)
		return err
	})
	return rep, err
}

func (db *DB) verifyAuditChain(ctx context.Context) (ChainReport, error) {
	var rep ChainReport
	tx := db.conn(ctx)
	var headID, goodID uint64
	var headHash, goodHash string
	var verifiedAt sql.NullTime
	err := tx.QueryRowContext(ctx, "SELECT last_id, last_hash, good_id, good_hash, verified_at FROM audit_chain WHERE id = 1").
		Scan(&headID, &headHash, &goodID, &goodHash, &verifiedAt)
	if errors.Is(err, sql.ErrNoRows) {
		rep.Break = &ChainBreak{Kind: ChainNoHead, Detail: "the chain head (table audit_chain) is missing: it was deleted, or the database was never started by this portal"}
		return rep, nil
	}
	if err != nil {
		return rep, err
	}
	rows, err := tx.QueryContext(ctx, "SELECT "+chainColumns+" FROM audit_log ORDER BY id")
	if err != nil {
		return rep, err
	}
	defer rows.Close()

	var a, b chainRow
	cur, next := &a, &b
	var buf []byte
	prevHash, prevID, prev2Hash := chainGenesis, int64(0), ""
	sawGood := goodID == 0
	beyondHead := int64(0)
	have := rows.Next()
	if have {
		if err := cur.scan(rows); err != nil {
			return rep, err
		}
	}
	fail := func(br ChainBreak) (ChainReport, error) {
		rep.Break = &br
		return rep, nil
	}
	for have {
		hasNext := rows.Next()
		if hasNext {
			if err := next.scan(rows); err != nil {
				return rep, err
			}
		}
		selfOK := cur.hash.Valid && cur.computeHash(buf) == cur.hash.String
		linkOK := cur.prev.Valid && cur.prev.String == prevHash
		if !selfOK || !linkOK {
			switch {
			case hasNext && next.prev.Valid && next.prev.String == prevHash:
				return fail(ChainBreak{Kind: ChainInserted, Row: cur.id,
					Detail: fmt.Sprintf("row %d was inserted out of order: row %d follows row %d", cur.id, next.id, prevID)})
			case !cur.hash.Valid:
				return fail(ChainBreak{Kind: ChainInserted, Row: cur.id,
					Detail: fmt.Sprintf("row %d has no hash: it was not written by the portal", cur.id)})
			case !selfOK:
				return fail(ChainBreak{Kind: ChainEdited, Row: cur.id,
					Detail: fmt.Sprintf("row %d was edited: its content no longer matches its hash", cur.id)})
			case prev2Hash != "" && cur.prev.String == prev2Hash:
				return fail(ChainBreak{Kind: ChainInserted, Row: prevID,
					Detail: fmt.Sprintf("row %d was inserted out of order: row %d follows the row before it", prevID, cur.id)})
			case cur.id-prevID > 1:
				return fail(ChainBreak{Kind: ChainDeleted, Row: cur.id, From: prevID + 1, To: cur.id - 1,
					Detail: fmt.Sprintf("rows were deleted before row %d (ids %d to %d are missing)", cur.id, prevID+1, cur.id-1)})
			default:
				return fail(ChainBreak{Kind: ChainDeleted, Row: cur.id,
					Detail: fmt.Sprintf("row %d does not follow row %d: rows were deleted between them, or row %d was rewritten", cur.id, prevID, prevID)})
			}
		}
		if uint64(cur.id) == goodID {
			sawGood = true
			if cur.hash.String != goodHash {
				return fail(ChainBreak{Kind: ChainRewritten, Row: cur.id,
					Detail: fmt.Sprintf("row %d is not the one the verification of %s found: the chain was rebuilt up to it", cur.id, when(verifiedAt))})
			}
		} else if !sawGood && uint64(cur.id) > goodID {
			return fail(ChainBreak{Kind: ChainDeleted, Row: cur.id, From: int64(goodID), To: int64(goodID),
				Detail: fmt.Sprintf("row %d, intact at the verification of %s, is gone", goodID, when(verifiedAt))})
		}
		if beyondHead == 0 && uint64(cur.id) > headID {
			beyondHead = cur.id
		}
		rep.Rows++
		prev2Hash, prevHash, prevID = prevHash, cur.hash.String, cur.id
		cur, next = next, cur
		have = hasNext
	}
	if err := rows.Err(); err != nil {
		return rep, err
	}
	rep.LastID, rep.LastHash = prevID, prevHash
	switch {
	case beyondHead != 0:
		return fail(ChainBreak{Kind: ChainInserted, Row: beyondHead,
			Detail: fmt.Sprintf("row %d comes after the chain head (row %d): it was added outside the portal", beyondHead, headID)})
	case uint64(prevID) < headID || !sawGood:
		last := max(int64(headID), int64(goodID))
		return fail(ChainBreak{Kind: ChainTruncated, Row: prevID, From: prevID + 1, To: last,
			Detail: fmt.Sprintf("rows after row %d were deleted (the log went up to row %d)", prevID, last)})
	case prevHash != headHash:
		return fail(ChainBreak{Kind: ChainRewritten, Row: prevID,
			Detail: fmt.Sprintf("row %d is not the one the chain head records: the chain head or the last row was rewritten", prevID)})
	}
	return rep, nil
}

func when(t sql.NullTime) string {
	if !t.Valid {
		return "an earlier date"
	}
	return t.Time.UTC().Format("2006-01-02 15:04 UTC")
}

// ChainStatus is the last verification as recorded, for the admins.
type ChainStatus struct {
	VerifiedAt *time.Time // nil: never verified
	OK         bool
	Rows       int64
	Break      *ChainBreak
}

// RecordAuditVerification keeps the outcome of a verification, in the transaction ctx carries
// (or one of its own). A sound chain becomes
// the reference of the next verification (its last row and hash). It returns whether this break
// is news, i.e. differs from the last one alerted, so that admins hear of each break once.
func (db *DB) RecordAuditVerification(ctx context.Context, rep ChainReport, now time.Time) (fresh bool, err error) {
	err = db.Tx(ctx, func(ctx context.Context) error {
		fresh, err = db.recordAuditVerification(ctx, rep, now)
		return err
	})
	return fresh, err
}

func (db *DB) recordAuditVerification(ctx context.Context, rep ChainReport, now time.Time) (fresh bool, err error) {
	q := db.conn(ctx)
	var alerted string
	err = q.QueryRowContext(ctx, "SELECT alerted_break FROM audit_chain WHERE id = 1 FOR UPDATE").Scan(&alerted)
	if errors.Is(err, sql.ErrNoRows) {
		return rep.Break != nil, nil // nowhere to keep it: the break (no head) is news every time
	}
	if err != nil {
		return false, err
	}
	if rep.Break == nil {
		_, err = q.ExecContext(ctx, `UPDATE audit_chain SET verified_at = ?, verified_ok = TRUE, verified_rows = ?, good_id = ?, good_hash = ?,
			break_kind = '', break_row = 0, break_detail = '', alerted_break = '' WHERE id = 1`, now, rep.Rows, rep.LastID, rep.LastHash)
		return false, err
	}
	key := fmt.Sprintf("%s:%d", rep.Break.Kind, rep.Break.Row)
	_, err = q.ExecContext(ctx, `UPDATE audit_chain SET verified_at = ?, verified_ok = FALSE, verified_rows = ?,
		break_kind = ?, break_row = ?, break_detail = ?, alerted_break = ? WHERE id = 1`,
		now, rep.Rows, rep.Break.Kind, rep.Break.Row, clip(rep.Break.Detail, 500), key)
	return key != alerted, err
}

// AuditChainStatus returns the last verification recorded.
func (db *DB) AuditChainStatus(ctx context.Context) (ChainStatus, error) {
	var st ChainStatus
	var at sql.NullTime
	var kind, detail string
	var row int64
	err := db.conn(ctx).QueryRowContext(ctx, "SELECT verified_at, verified_ok, verified_rows, break_kind, break_row, break_detail FROM audit_chain WHERE id = 1").
		Scan(&at, &st.OK, &st.Rows, &kind, &row, &detail)
	if errors.Is(err, sql.ErrNoRows) {
		return st, nil
	}
	if err != nil {
		return st, err
	}
	if at.Valid {
		st.VerifiedAt = &at.Time
	}
	if kind != "" {
		st.Break = &ChainBreak{Kind: kind, Row: row, Detail: detail}
	}
	return st, nil
}
