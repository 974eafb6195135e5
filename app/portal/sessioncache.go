package portal

import (
	"sync"
	"time"

	"github.com/bigdatacenter/portal/app/store"
)

// sessionTTL bounds how long a resolved session serves requests without reading the database:
// short, so that a second portal process on the same database (which this one's epoch does not
// see) disagrees for at most that long. Within one process every change that matters moves the
// store's auth epoch and is seen by the very next request.
const sessionTTL = 2 * time.Second

// sessionCacheMax bounds the entries; past it the cache starts again empty.
const sessionCacheMax = 20_000

// sessionCache keeps Authenticate's lookup (a session with its user and client) for
// sessionTTL, as long as the store's auth epoch has not moved since it was read.
type sessionCache struct {
	mu sync.Mutex
	m  map[string]cachedSession
}

type cachedSession struct {
	sess  store.Session
	user  store.User
	epoch int64
	until time.Time
}

func (c *sessionCache) get(hash []byte, epoch int64) (store.Session, store.User, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[string(hash)]
	if !ok || e.epoch != epoch || !time.Now().Before(e.until) {
		return store.Session{}, store.User{}, false
	}
	return e.sess, e.user, true
}

// put keeps what was read at epoch (taken before the read).
func (c *sessionCache) put(hash []byte, epoch int64, sess store.Session, u store.User) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= sessionCacheMax {
		c.m = map[string]cachedSession{}
	}
	c.m[string(hash)] = cachedSession{sess: sess, user: u, epoch: epoch, until: time.Now().Add(sessionTTL)}
}

func (c *sessionCache) drop(hash []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.m, string(hash))
}

// DataEpoch moves after every write this process makes to the database, but those to tables no
// kept answer reads (store.DataEpoch, store.QuietTable): an
// answer computed after reading it is current while it stays, within one process, and while
// the day stays (the day, in the portal's time zone, decides what is late or overdue).
func (s *Service) DataEpoch() (epoch int64, day time.Time) { return s.db.DataEpoch(), s.today() }
