package serve

import (
	"net"
	"os"
	"strings"
	"sync"
	"time"
)

// # Which Host names are answered
//
// A request names the host it wants in its Host header. Bound to a
// loopback address (the default, 127.0.0.1), the server answers only
// loopback names: localhost, 127.0.0.1, [::1]. Bound to any other address
// (0.0.0.0, ::, a LAN address), it also answers the names and addresses
// of this computer: the host name (os.Hostname), its first label, either
// with ".local" (mDNS), and any IP address one of its network interfaces
// has now. Any other name is refused with 403: a web page whose own name
// was rebound to this computer's address (DNS rebinding) still sends its
// own name, so it cannot read the site.

// hosts decides which Host names the server answers.
type hosts struct {
	bound    string   // the host part of -addr, lowercased, without brackets
	shared   bool     // bound to a non-loopback address
	names    []string // this computer's names, lowercased
	addrs    func() []net.IP
	mu       sync.Mutex
	cached   []net.IP
	cachedAt time.Time
}

func newHosts(opts Options) *hosts {
	h := &hosts{bound: normHost(opts.Host), addrs: opts.Addrs}
	ip := net.ParseIP(h.bound)
	h.shared = h.bound != "localhost" && (ip == nil || !ip.IsLoopback())
	if !h.shared {
		return h
	}
	name := opts.Hostname
	if name == "" {
		name, _ = os.Hostname()
	}
	if name = normHost(name); name != "" {
		short, _, _ := strings.Cut(name, ".")
		h.names = append(h.names, name, short, short+".local")
	}
	if h.addrs == nil {
		h.addrs = interfaceAddrs
	}
	return h
}

// allowed reports whether a request's Host header names this server.
func (h *hosts) allowed(hostport string) bool {
	host, _, err := net.SplitHostPort(hostport)
	if err != nil {
		host = hostport
	}
	host = normHost(host)
	switch {
	case host == "localhost", host == h.bound:
		return true
	case isLoopback(host):
		return true
	case !h.shared:
		return false
	}
	for _, n := range h.names {
		if host == n {
			return true
		}
	}
	if ip := net.ParseIP(host); ip != nil {
		for _, a := range h.localAddrs() {
			if a.Equal(ip) {
				return true
			}
		}
	}
	return false
}

// localAddrs returns the interfaces' addresses, looked up at most once a
// second (a laptop's address changes as it moves between networks).
func (h *hosts) localAddrs() []net.IP {
	h.mu.Lock()
	defer h.mu.Unlock()
	if time.Since(h.cachedAt) > time.Second {
		h.cached, h.cachedAt = h.addrs(), time.Now()
	}
	return h.cached
}

func interfaceAddrs() []net.IP {
	addrs, _ := net.InterfaceAddrs()
	var out []net.IP
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok {
			out = append(out, n.IP)
		}
	}
	return out
}

// normHost lowercases a host name and drops IPv6 brackets, an IPv6 zone
// and a final dot.
func normHost(h string) string {
	h = strings.TrimSuffix(strings.Trim(strings.ToLower(h), "[]"), ".")
	if i := strings.IndexByte(h, '%'); i >= 0 && strings.Contains(h, ":") {
		h = h[:i]
	}
	return h
}

func isLoopback(host string) bool {
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
