// Package timetest gives tests the time zone the portal is configured with by default, where
// summer and winter time differ: dates near a change of offset are where day boundaries break.
package timetest

import (
	"testing"
	"time"
)

// Paris is Europe/Paris, the default server.time_zone; the test stops if the system has no
// time zone database.
func Paris(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}
