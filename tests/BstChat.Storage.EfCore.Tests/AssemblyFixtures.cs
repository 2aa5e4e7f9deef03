using BstChat.Storage.EfCore.Tests.Infrastructure;

// One database per provider for the whole run: the schema is created once, and tests keep
// apart by using fresh conversation ids.
[assembly: AssemblyFixture(typeof(SqliteDatabase))]
[assembly: AssemblyFixture(typeof(PostgresDatabase))]
