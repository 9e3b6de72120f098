import Store
import Testing

@Suite("DATABASE_URL-style database URLs")
struct DatabaseURLTests {
    @Test("user, password (percent-decoded), host, port, database and sslmode")
    func parts() throws {
        let url = try DatabaseURL("postgresql://app:p%40ss@db.example:6543/labels?sslmode=verify-full")
        #expect(url.user == "app" && url.password == "p@ss")
        #expect(url.host == "db.example" && url.port == 6543 && url.database == "labels")
        #expect(url.tls == .require && url.socketDirectory == nil)
    }

    @Test("what is left out: user postgres, 127.0.0.1, 5432, the user's database, no TLS")
    func defaults() throws {
        let url = try DatabaseURL("postgres://")
        #expect(url.user == "postgres" && url.password == nil && url.database == nil)
        #expect(url.host == "127.0.0.1" && url.port == 5432 && url.tls == .disable)
    }

    @Test("?host=/folder is a Unix socket; a host that is not a path is ignored")
    func socket() throws {
        #expect(
            try DatabaseURL("postgres://gateway@/gateway?host=/run/postgresql").socketDirectory == "/run/postgresql")
        #expect(try DatabaseURL("postgres://gateway@db/gateway?host=other").socketDirectory == nil)
    }

    @Test("sslmode: disable; prefer and allow; require, verify-ca and verify-full; nothing else")
    func sslModes() throws {
        let modes: [(String, DatabaseURL.TLSMode)] = [
            ("disable", .disable), ("prefer", .prefer), ("allow", .prefer), ("require", .require),
            ("verify-ca", .require), ("verify-full", .require),
        ]
        for (mode, tls) in modes {
            #expect(try DatabaseURL("postgres://db/x?sslmode=\(mode)").tls == tls, "\(mode)")
        }
        let error = #expect(throws: StoreError.self) { try DatabaseURL("postgres://a:secret@db/x?sslmode=sometimes") }
        #expect(error?.code == .invalid && error?.message == "sslmode 'sometimes' is not supported")
    }

    @Test("a URL that is not postgres:// is refused without repeating it")
    func notPostgres() throws {
        for bad in ["mysql://app:secret@db/labels", "db.example:5432", ""] {
            let error = #expect(throws: StoreError.self) { try DatabaseURL(bad) }
            #expect(error?.message == "must look like postgres://user:password@host:port/database", "\(bad)")
        }
    }

    @Test("the description never shows the password")
    func description() throws {
        let url = try DatabaseURL("postgres://app:s3cr3t@db.example:6543/labels?sslmode=require")
        #expect("\(url)" == "postgres://app:<REDACTED>@db.example:6543/labels?sslmode=require")
        #expect(
            "\(try DatabaseURL("postgres://gateway@127.0.0.1/gateway"))" == "postgres://gateway@127.0.0.1:5432/gateway")
        let socket = try DatabaseURL("postgres://gateway:pw@/gateway?host=/run/postgresql")
        #expect(!"\(socket)".contains("pw") && "\(socket)".contains("host=/run/postgresql"))
    }
}
