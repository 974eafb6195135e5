package cli

import (
	"log/slog"
	"net/http"
	"net/http/pprof"
	"time"
)

// serveProfiler serves Go's profiler on a loopback address (server.debug_listen), so that the
// portal can be measured under load without exposing its internals to the network (the
// configuration refuses any other address). It lives as long as the process.
func serveProfiler(addr string, log *slog.Logger) {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	srv := &http.Server{Addr: addr, Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		log.Info("profiler listening", "addr", addr)
		if err := srv.ListenAndServe(); err != nil {
			log.Warn("profiler stopped", "addr", addr, "err", err)
		}
	}()
}
