package portal

import (
	"context"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bigdatacenter/portal/app/portal/errcode"
	"github.com/bigdatacenter/portal/app/store"
)

// Statistics are the admin's follow-up figures (A7), all computed by SQL aggregates.
type Statistics struct {
	From, To            time.Time
	ProjectsByMonth     []store.MonthCount
	MilestonesByMonth   []store.MonthCount
	DeliverablesByMonth []store.MonthCount
	Decisions           DecisionFigures
	Response            ResponseFigures
	// MostActiveClients ranks every client over the period, whatever the client filter;
	// MostOverdueClients ranks them on the day of the computation.
	MostActiveClients  []store.ClientRank
	MostOverdueClients []store.ClientRank
	Retours            RetourStats
	// ComputedAt is when the figures were read from the database: they are exact as of then
	// (served again for a while, see statsTTL).
	ComputedAt time.Time
}

// DecisionFigures summarises the client decisions of the period.
type DecisionFigures struct {
	Decisions      int
	ChangeRequests int
	// AvgDecisionSeconds is the mean time from a version's upload to its first decision.
	AvgDecisionSeconds float64
}

// ResponseFigures measures how fast the team answers client messages: for the client messages
// of the period (deleted ones aside), the time until the staff's next message in the same
// conversation (kept on write in messages.answered_at).
type ResponseFigures struct {
	ClientMessages     int
	Answered           int
	AvgResponseSeconds float64
}

// StatsQuery is a period (calendar days, inclusive; default the last 12 months) and a client.
type StatsQuery struct {
	From, To string
	ClientID int64
}

// The figures of a period and client are computed once and served to every admin asking for
// them (stale-while-revalidate):
//   - younger than statsTTL, they are served as they are;
//   - older, they are still served at once, and one recomputation starts in the background;
//     the next requests get the new figures when it ends;
//   - older than statsMaxStale (nobody asked for a while), a request waits for the
//     recomputation, and gets the old figures if its own time runs out first;
//   - never computed, requests wait for the one computation (or answer 429 « serveur très
//     sollicité » if their time runs out; the computation goes on, for the next ones).
//
// A computation runs on its own context, not a request's, so that it finishes even when the
// requests that wanted it have given up; it takes the slot of heavy queries like the history
// search and exports, so at most one runs at a time. The page shows ComputedAt.
const (
	statsTTL            = time.Minute
	statsMaxStale       = 15 * time.Minute
	statsComputeTimeout = 2 * time.Minute
	// statsCacheEntries bounds the periods and clients kept; the least recently asked for go.
	statsCacheEntries = 256
	// statsMaxPending bounds the computations queued or running: an admin trying periods one
	// after the other cannot queue more work than that (the next ones answer 429 until some end).
	statsMaxPending = 8
)

// statsKey is a resolved period (calendar days) and client: the default period and the same
// days typed share their figures.
type statsKey struct {
	From, To string
	ClientID int64
}

type statsCache struct {
	mu      sync.Mutex
	entries map[statsKey]*statsEntry
	pending int // computations queued or running
	// computations counts the computations started (tests and benchmarks read it).
	computations atomic.Int64
}

type statsEntry struct {
	stats Statistics
	ok    bool      // stats holds figures
	at    time.Time // when their computation started (the service's clock)
	used  time.Time // when they were last asked for
	// running is closed when the computation in progress ends; nil when none runs.
	running chan struct{}
	err     error // the last computation's error, for the requests that waited for it
}

// entry returns the key's entry, making room for it if needed. c.mu is held.
func (c *statsCache) entry(k statsKey) *statsEntry {
	if c.entries == nil {
		c.entries = map[statsKey]*statsEntry{}
	}
	e := c.entries[k]
	if e != nil {
		return e
	}
	if len(c.entries) >= statsCacheEntries {
		var oldest statsKey
		var found *statsEntry
		for key, other := range c.entries {
			if other.running == nil && (found == nil || other.used.Before(found.used)) {
				oldest, found = key, other
			}
		}
		if found != nil {
			delete(c.entries, oldest)
		}
	}
	e = &statsEntry{}
	c.entries[k] = e
	return e
}

// Statistics returns the figures of a period (see statsTTL for how fresh they are).
func (s *Service) Statistics(ctx context.Context, a Actor, q StatsQuery) (Statistics, error) {
	if err := s.authorize(ctx, a, ActManageProjects); err != nil {
		return Statistics{}, err
	}
	k, err := s.statsKey(q)
	if err != nil {
		return Statistics{}, err
	}
	return s.statsFor(ctx, k)
}

func (s *Service) statsKey(q StatsQuery) (statsKey, error) {
	from, err := parseDay("from", errcode.LabelStartDate, q.From)
	if err != nil {
		return statsKey{}, err
	}
	to, err := parseDay("to", errcode.LabelEndDate, q.To)
	if err != nil {
		return statsKey{}, err
	}
	if to == nil {
		today := s.today()
		to = &today
	}
	if from == nil {
		f := time.Date(to.Year()-1, to.Month()+1, 1, 0, 0, 0, 0, time.UTC)
		from = &f
	}
	if to.Before(*from) {
		return statsKey{}, Invalid("to", errcode.DateRangeReverse, nil)
	}
	return statsKey{From: from.Format(time.DateOnly), To: to.Format(time.DateOnly), ClientID: q.ClientID}, nil
}

// statsFor serves the figures of k from the cache, starting their computation when they are
// missing or old.
func (s *Service) statsFor(ctx context.Context, k statsKey) (Statistics, error) {
	c := &s.stats
	now := s.now()
	c.mu.Lock()
	e := c.entry(k)
	e.used = now
	age := now.Sub(e.at)
	if e.ok && age < statsTTL {
		st := e.stats
		c.mu.Unlock()
		return st, nil
	}
	s.startComputation(k, e, now)
	done := e.running
	if e.ok && (age < statsMaxStale || done == nil) {
		st := e.stats
		c.mu.Unlock()
		return st, nil
	}
	c.mu.Unlock()
	if done == nil {
		return Statistics{}, errBusy
	}

	select {
	case <-done:
	case <-ctx.Done():
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case e.ok:
		return e.stats, nil
	case ctx.Err() != nil:
		return Statistics{}, errBusy
	default:
		return Statistics{}, e.err
	}
}

// startComputation starts computing the figures of k into e, unless a computation of them runs
// already or too many are pending. c.mu is held.
func (s *Service) startComputation(k statsKey, e *statsEntry, now time.Time) {
	c := &s.stats
	if e.running == nil && c.pending < statsMaxPending {
		e.running = make(chan struct{})
		c.pending++
		c.computations.Add(1)
		go s.computeEntry(k, e, e.running, now)
	}
}

// WarmStatistics starts computing the default period's figures in the background, as the portal
// starts: the first administrator to open the statistics then finds them ready, instead of
// waiting for a computation that, on a large base under load, takes longer than a request may
// (the load run's first statistics requests all answered 429 while it ran).
func (s *Service) WarmStatistics() {
	k, err := s.statsKey(StatsQuery{})
	if err != nil {
		s.log.Warn("statistics: cannot warm the default period", "err", err)
		return
	}
	c := &s.stats
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.entry(k)
	if !e.ok {
		s.startComputation(k, e, s.now())
	}
}

// computeEntry computes the figures of k into e and closes done.
func (s *Service) computeEntry(k statsKey, e *statsEntry, done chan struct{}, started time.Time) {
	ctx, cancel := context.WithTimeout(context.Background(), statsComputeTimeout)
	defer cancel()
	st, err := s.computeStatistics(ctx, k)
	c := &s.stats
	c.mu.Lock()
	c.pending--
	if err == nil {
		e.stats, e.ok, e.at = st, true, started
	} else {
		s.log.Warn("statistics: computation failed", "from", k.From, "to", k.To, "client_id", k.ClientID, "err", err)
	}
	e.err, e.running = err, nil
	c.mu.Unlock()
	close(done)
}

func (s *Service) computeStatistics(ctx context.Context, k statsKey) (Statistics, error) {
	from, _ := time.Parse(time.DateOnly, k.From)
	to, _ := time.Parse(time.DateOnly, k.To)
	st := Statistics{From: from, To: to}
	var all Statistics
	if k.ClientID != 0 {
		// The rankings are of every client: those of the unfiltered figures of the period,
		// computed (or served) first, outside the slot of heavy queries.
		var err error
		if all, err = s.statsFor(ctx, statsKey{From: k.From, To: k.To}); err != nil {
			return st, err
		}
	}
	err := s.heavy(ctx, func() error {
		st.ComputedAt = s.now()
		today := s.today()
		f := store.StatsFilter{From: from, To: to.AddDate(0, 0, 1), ClientID: k.ClientID}
		var err error
		if st.ProjectsByMonth, err = s.db.ProjectsByMonth(ctx, f); err != nil {
			return err
		}
		if st.MilestonesByMonth, err = s.db.MilestonesDeliveredByMonth(ctx, f); err != nil {
			return err
		}
		if st.DeliverablesByMonth, err = s.db.DeliverablesByMonth(ctx, f); err != nil {
			return err
		}
		act, err := s.db.ActivityByClient(ctx, f)
		if err != nil {
			return err
		}
		st.Decisions, st.Response, st.MostActiveClients = summariseActivity(act, 5)
		if st.Decisions.AvgDecisionSeconds, err = s.db.DecisionDelay(ctx, f); err != nil {
			return err
		}
		if st.Retours, err = s.retourStats(ctx, f); err != nil {
			return err
		}
		if k.ClientID == 0 {
			st.MostOverdueClients, err = s.db.MostOverdueClients(ctx, today, 5)
		}
		return err
	})
	if err != nil {
		return st, err
	}
	if k.ClientID != 0 {
		st.MostActiveClients, st.MostOverdueClients = all.MostActiveClients, all.MostOverdueClients
		if all.ComputedAt.Before(st.ComputedAt) {
			st.ComputedAt = all.ComputedAt
		}
	}
	return st, nil
}

// RetourStats are the figures of retours: opened and closed per month, delays and reopen rate
// of the period's retours, and the retours open now by priority and age.
type RetourStats struct {
	ByMonth []store.MonthCount
	store.RetourFigures
	OpenByAge []store.RetourAge
}

// ReopenShare is the share of resolved retours the client reopened (0 without any resolved).
func (r RetourStats) ReopenShare() float64 {
	if r.Resolved == 0 {
		return 0
	}
	return float64(r.Reopened) / float64(r.Resolved)
}

func (s *Service) retourStats(ctx context.Context, f store.StatsFilter) (RetourStats, error) {
	var r RetourStats
	var err error
	if r.ByMonth, err = s.db.RetoursByMonth(ctx, f); err != nil {
		return r, err
	}
	if r.RetourFigures, err = s.db.RetourFiguresOf(ctx, f); err != nil {
		return r, err
	}
	r.OpenByAge, err = s.db.OpenRetoursByAge(ctx, s.now(), f.ClientID, f.ProjectID)
	return r, err
}

// summariseActivity adds up the activity of the clients (in name order) into the decision
// counts and the response figures, and ranks the most active clients: most messages and
// decisions first, ties in name order (as ORDER BY n DESC, name).
func summariseActivity(act []store.ClientActivity, limit int) (DecisionFigures, ResponseFigures, []store.ClientRank) {
	var d DecisionFigures
	var r ResponseFigures
	var answerSeconds int64
	ranks := make([]store.ClientRank, 0, len(act))
	for _, a := range act {
		d.Decisions += a.Decisions
		d.ChangeRequests += a.ChangeRequests
		r.ClientMessages += a.LiveMessages
		r.Answered += a.Answered
		answerSeconds += a.AnswerSeconds
		if n := a.ClientMessages + a.Decisions; n > 0 {
			ranks = append(ranks, store.ClientRank{ClientID: a.ClientID, Name: a.Name, Count: n})
		}
	}
	if r.Answered > 0 {
		r.AvgResponseSeconds = float64(answerSeconds) / float64(r.Answered)
	}
	sort.SliceStable(ranks, func(i, j int) bool { return ranks[i].Count > ranks[j].Count })
	if len(ranks) > limit {
		ranks = ranks[:limit]
	}
	return d, r, ranks
}
