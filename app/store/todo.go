package store

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// « À traiter » (issue 14, §4): what waits for the client, and what waits for the staff. Each
// list is one statement that reads its page in the order of an index and counts its total up
// to ListTotalCap.

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

// A question the staff asked the client (a retour of kind question opened by staff) waits for
// the client while it is neither resolved nor closed and no client user has written in its
// thread; it then waits for nobody else. Written once, used both ways, so that a retour never
// waits for both sides.
const (
	staffQuestion = "r.kind = 'question' AND r.opened_role = 'admin'"
	// A scalar subquery with LIMIT rather than EXISTS: the optimizer would turn EXISTS into a
	// materialized IN, a read of every message, instead of a look into this retour's thread.
	clientAnswered = "(SELECT 1 FROM messages m FORCE INDEX (ix_messages_thread) WHERE m.project_id = r.project_id AND m.retour_id = r.id AND m.author_role = 'client' AND m.deleted_at IS NULL LIMIT 1) IS NOT NULL"
	unanswered     = "(" + staffQuestion + " AND NOT " + clientAnswered + ")"
)

var (
	// Not yet taken into account: new, or reopened by the client.
	toAcknowledge = []string{"nouveau", "rouvert"}
	// Neither resolved (the client's turn) nor closed.
	notResolved = []string{"nouveau", "pris_en_compte", "en_cours", "rouvert"}
)

// WaitingFilter selects a list: ClientID confines it to one client (always set for a client
// user, in SQL); Before is the response delay's cutoff of WaitingLate.
type WaitingFilter struct {
	List     WaitingList
	ClientID int64
	Before   time.Time
	Limit    int
}

// waitingPlan is how a list is read: one branch per state, each a range of index whose order is
// the list's (longest waiting first), so that each branch stops at the page's size and the page
// is the merge of the branches' heads.
type waitingPlan struct {
	index  string
	prefix string   // the column the branches set, before the states: "" or "r.priority = 'bloquant' AND "
	states []string // one branch each
	where  string   // what every row must also meet
	args   []any
	order  []sortKey
}

func planWaiting(f WaitingFilter) (waitingPlan, error) {
	byID := []sortKey{{expr: "r.id"}}
	byWait := []sortKey{{expr: "r.updated_at"}, {expr: "r.id"}}
	var p waitingPlan
	switch f.List {
	case WaitingResolved:
		return waitingPlan{index: "ix_retours_client", states: []string{"resolu"}, where: "r.client_id = ?", args: []any{f.ClientID}, order: byID}, nil
	case WaitingQuestions:
		return waitingPlan{index: "ix_retours_client", states: notResolved, where: "r.client_id = ? AND " + unanswered,
			args: []any{f.ClientID}, order: byID}, nil
	case WaitingNew:
		p = waitingPlan{index: "ix_retours_waiting", states: toAcknowledge, where: "NOT " + unanswered}
	case WaitingBlocking:
		p = waitingPlan{index: "ix_retours_blocking", prefix: "r.priority = 'bloquant' AND ", states: notResolved, where: "NOT " + unanswered}
	case WaitingLate:
		p = waitingPlan{index: "ix_retours_waiting", states: toAcknowledge, where: "r.updated_at < ? AND NOT " + unanswered, args: []any{f.Before}}
	default:
		return p, fmt.Errorf("store: unknown waiting list %q", f.List)
	}
	if f.ClientID != 0 {
		p.where, p.args = p.where+" AND r.client_id = ?", append(p.args, f.ClientID)
	}
	p.order = byWait
	return p, nil
}

// totalScanner scans a row of retourColumns followed by the list's total.
type totalScanner struct {
	row   rowScanner
	total *int
}

func (t totalScanner) Scan(dest ...any) error { return t.row.Scan(append(dest, t.total)...) }

// WaitingRetours returns the first page of a list of « À traiter » and its total (at most
// ListTotalCap), in one statement: the page's ids from the retours alone, by the list's
// index, then their names; the total counts the same condition, stopping at the cap.
func (db *DB) WaitingRetours(ctx context.Context, f WaitingFilter) ([]Retour, int, error) {
	q, args, err := waitingSQL(f)
	if err != nil {
		return nil, 0, err
	}
	rows, err := db.conn(ctx).QueryContext(ctx, q, args...)
	total := 0
	out, err := scanAll(rows, err, func(r rowScanner) (Retour, error) { return scanRetour(totalScanner{r, &total}) })
	if err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// waitingSQL is the statement of a list and its arguments (the EXPLAIN test reads it too).
func waitingSQL(f WaitingFilter) (string, []any, error) {
	p, err := planWaiting(f)
	if err != nil {
		return "", nil, err
	}
	carried, inner, outer := pageOrder(p.order)
	from := " FROM retours r FORCE INDEX (" + p.index + ") WHERE "
	states := "'" + strings.Join(p.states, "','") + "'"
	args := append([]any{}, p.args...) // the count's
	var branches []string
	for _, st := range p.states {
		branches = append(branches, "(SELECT r.id"+carried+from+p.prefix+"r.status = '"+st+"' AND "+p.where+" ORDER BY "+inner+" LIMIT ?)")
		args = append(append(args, p.args...), f.Limit)
	}
	q := "SELECT " + retourColumns + ", " + cappedCount(from+p.prefix+"r.status IN ("+states+") AND "+p.where) +
		" FROM (" + strings.Join(branches, " UNION ALL ") + ") page JOIN retours r ON r.id = page.id" +
		retourJoins + "ORDER BY " + outer + " LIMIT ?"
	return q, append(args, f.Limit), nil
}

// ClaimLateRetourAlert records that a retour's late alert of day is sent; false when it was already.
func (db *DB) ClaimLateRetourAlert(ctx context.Context, retourID int64, day, now time.Time) (bool, error) {
	n, err := affected(db.conn(ctx).ExecContext(ctx, "INSERT IGNORE INTO retour_late_alerts (retour_id, day, sent_at) VALUES (?, ?, ?)", retourID, day, now))
	return n == 1, err
}
