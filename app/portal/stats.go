package portal

import (
	"context"
	"sync"
	"time"

	"github.com/bigdatacenter/portal/app/store"
)

// Statistics are the admin's follow-up figures (A7), all computed by SQL aggregates.
type Statistics struct {
	From, To            time.Time
	ProjectsByMonth     []store.MonthCount
	MilestonesByMonth   []store.MonthCount
	DeliverablesByMonth []store.MonthCount
	Decisions           store.DecisionFigures
	Response            store.ResponseFigures
	MostActiveClients   []store.ClientRank
	MostOverdueClients  []store.ClientRank
}

// StatsQuery is a period (calendar days, inclusive; default the last 12 months) and a client.
type StatsQuery struct {
	From, To string
	ClientID int64
}

// statsTTL is how long computed statistics are served again: they summarise months, a minute
// of delay changes nothing for the reader, and several admins on the page cost one computation.
const statsTTL = time.Minute

type statsCache struct {
	mu      sync.Mutex
	entries map[StatsQuery]statsEntry
}

type statsEntry struct {
	at    time.Time
	stats Statistics
}

func (c *statsCache) get(q StatsQuery, now time.Time) (Statistics, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[q]
	return e.stats, ok && now.Sub(e.at) < statsTTL
}

func (c *statsCache) put(q StatsQuery, st Statistics, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil || len(c.entries) > 100 {
		c.entries = map[StatsQuery]statsEntry{}
	}
	c.entries[q] = statsEntry{at: now, stats: st}
}

// Statistics computes the figures of a period (served from a one-minute cache).
func (s *Service) Statistics(ctx context.Context, a Actor, q StatsQuery) (Statistics, error) {
	if err := s.authorize(ctx, a, ActManageProjects); err != nil {
		return Statistics{}, err
	}
	if st, ok := s.stats.get(q, s.now()); ok {
		return st, nil
	}
	var st Statistics
	err := s.heavy(ctx, func() error {
		// Another request may have computed them while this one waited.
		if cached, ok := s.stats.get(q, s.now()); ok {
			st = cached
			return nil
		}
		var err error
		st, err = s.computeStatistics(ctx, q)
		return err
	})
	if err == nil {
		s.stats.put(q, st, s.now())
	}
	return st, err
}

func (s *Service) computeStatistics(ctx context.Context, q StatsQuery) (Statistics, error) {
	from, err := parseDay("from", "La date de début", q.From)
	if err != nil {
		return Statistics{}, err
	}
	to, err := parseDay("to", "La date de fin", q.To)
	if err != nil {
		return Statistics{}, err
	}
	today := s.today()
	if to == nil {
		to = &today
	}
	if from == nil {
		f := time.Date(to.Year()-1, to.Month()+1, 1, 0, 0, 0, 0, time.UTC)
		from = &f
	}
	if to.Before(*from) {
		return Statistics{}, Invalid("to", "La date de fin précède la date de début.")
	}
	f := store.StatsFilter{From: *from, To: to.AddDate(0, 0, 1), ClientID: q.ClientID}
	st := Statistics{From: *from, To: *to}
	if st.ProjectsByMonth, err = s.db.ProjectsByMonth(ctx, f); err != nil {
		return st, err
	}
	if st.MilestonesByMonth, err = s.db.MilestonesDeliveredByMonth(ctx, f); err != nil {
		return st, err
	}
	if st.DeliverablesByMonth, err = s.db.DeliverablesByMonth(ctx, f); err != nil {
		return st, err
	}
	if st.Decisions, err = s.db.Decisions(ctx, f); err != nil {
		return st, err
	}
	if st.Response, err = s.db.TeamResponse(ctx, f); err != nil {
		return st, err
	}
	if st.MostActiveClients, err = s.db.MostActiveClients(ctx, f, 5); err != nil {
		return st, err
	}
	st.MostOverdueClients, err = s.db.MostOverdueClients(ctx, today, 5)
	return st, err
}
