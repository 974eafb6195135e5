package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"
)

// « À traiter » (issue 14, §4): what waits for the client, and what waits for the staff. Each
// list is one statement that reads its page in the order of an index and counts its total up
// to WaitingTotalCap.

// WaitingList names one list of « À traiter ».
type WaitingList string

const (
	// The client's: retours resolved awaiting its confirmation, and the questions the staff
	// asked it that it has not answered.
	WaitingResolved  WaitingList = "resolved"
	WaitingQuestions WaitingList = "questions"
	// The staff's: retours new or reopened (not yet taken into account), bloquants not
	// resolved, and new or reopened ones waiting since before WaitingFilter.Before.
	WaitingNew      WaitingList = "new"
	WaitingBlocking WaitingList = "blocking"
	WaitingLate     WaitingList = "late"
)

// WaitingTotalCap bounds what a list counts: past it the dashboard says « 1000+ ».
const WaitingTotalCap = 1000

// A question the staff asked the client (a retour of kind question opened by staff) waits for
// the client while it is neither resolved nor closed and no client user has written in its
// thread; it then waits for nobody else. Written once, used both ways, so that a retour never
// waits for both sides.
const (
	staffQuestion    = "r.kind = 'question' AND r.opened_role = 'admin'"
	clientAnswered   = "EXISTS (SELECT 1 FROM messages m WHERE m.project_id = r.project_id AND m.retour_id = r.id AND m.author_role = 'client' AND m.deleted_at IS NULL)"
	questionUnanswer = "(" + staffQuestion + " AND NOT " + clientAnswered + ")"
	// Not yet taken into account: new, or reopened by the client.
	staffToAck = "r.status IN ('nouveau','rouvert')"
	// Neither resolved (the client's turn) nor closed.
	staffOpen = "r.status IN ('nouveau','pris_en_compte','en_cours','rouvert')"
)

// WaitingFilter selects a list: ClientID confines it to one client (always set for a client
// user, in SQL); Before is the response delay's cutoff of WaitingLate.
type WaitingFilter struct {
	List     WaitingList
	ClientID int64
	Before   time.Time
	Limit    int
}

// waitingQuery is a list's condition, the index that reads it and its order (longest waiting
// first).
func waitingQuery(f WaitingFilter) (index, where string, args []any, order []sortKey, err error) {
	byID := []sortKey{{expr: "r.id"}}
	byWait := []sortKey{{expr: "r.updated_at"}, {expr: "r.id"}}
	switch f.List {
	case WaitingResolved:
		return "ix_retours_client", "r.client_id = ? AND r.status = 'resolu'", []any{f.ClientID}, byID, nil
	case WaitingQuestions:
		return "ix_retours_client", "r.client_id = ? AND r.status IN ('nouveau','pris_en_compte','en_cours','rouvert') AND " + questionUnanswer,
			[]any{f.ClientID}, byID, nil
	case WaitingNew:
		where = staffToAck + " AND NOT " + questionUnanswer
		index = "ix_retours_waiting"
	case WaitingBlocking:
		where = "r.priority = 'bloquant' AND " + staffOpen + " AND NOT " + questionUnanswer
		index = "ix_retours_blocking"
	case WaitingLate:
		where, args = staffToAck+" AND r.updated_at < ? AND NOT "+questionUnanswer, []any{f.Before}
		index = "ix_retours_waiting"
	default:
		return "", "", nil, nil, fmt.Errorf("store: unknown waiting list %q", f.List)
	}
	if f.ClientID != 0 {
		where, args = where+" AND r.client_id = ?", append(args, f.ClientID)
	}
	return index, where, args, byWait, nil
}

// totalScanner scans a row of retourColumns followed by the list's total.
type totalScanner struct {
	rows  *sql.Rows
	total *int
}

func (t totalScanner) Scan(dest ...any) error { return t.rows.Scan(append(dest, t.total)...) }

// WaitingRetours returns the first page of a list of « À traiter » and its total (at most
// WaitingTotalCap), in one statement: the page's ids from the retours alone by the list's
// index, then their names; the total counts the same condition, stopping at the cap.
func (db *DB) WaitingRetours(ctx context.Context, f WaitingFilter) ([]Retour, int, error) {
	q, args, err := waitingSQL(f)
	if err != nil {
		return nil, 0, err
	}
	rows, err := db.conn(ctx).QueryContext(ctx, q, args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []Retour
	total := 0
	for rows.Next() {
		r, err := scanRetour(totalScanner{rows, &total})
		if err != nil {
			return nil, 0, err
		}
		out = append(out, r)
	}
	return out, total, rows.Err()
}

// waitingSQL is the statement of a list and its arguments (the EXPLAIN test reads it too).
func waitingSQL(f WaitingFilter) (string, []any, error) {
	index, where, args, keys, err := waitingQuery(f)
	if err != nil {
		return "", nil, err
	}
	carried, inner, outer := pageOrder(keys)
	from := " FROM retours r FORCE INDEX (" + index + ") WHERE " + where
	q := "SELECT " + retourColumns + ", (SELECT COUNT(*) FROM (SELECT 1" + from + " LIMIT " + strconv.Itoa(WaitingTotalCap) + ") x)" +
		" FROM (SELECT r.id" + carried + from + " ORDER BY " + inner + " LIMIT ?) page JOIN retours r ON r.id = page.id" + retourJoins +
		"ORDER BY " + outer
	return q, append(append(append([]any{}, args...), args...), f.Limit), nil
}

// ClaimLateRetourAlert records that a retour's late alert of day is sent; false when it was already.
func (db *DB) ClaimLateRetourAlert(ctx context.Context, retourID int64, day, now time.Time) (bool, error) {
	res, err := db.conn(ctx).ExecContext(ctx, "INSERT IGNORE INTO retour_late_alerts (retour_id, day, sent_at) VALUES (?, ?, ?)", retourID, day, now)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}
