using System.Collections.Concurrent;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Driver;
using MongoDB.Driver.Core.Events;

namespace BstChat.Storage.Mongo.Tests.Server;

/// <summary>
/// A client of its own for one store instance, whose commands a test counts through the
/// driver's command events, and can hold: a held command has not been sent yet (the started
/// event comes before the command goes out), so its writer stops exactly before that step, as a
/// writer that stalls or dies there would. No clock is involved: the test releases it.
/// </summary>
internal sealed class CommandWatch : IAsyncDisposable
{
    private readonly ConcurrentQueue<BsonDocument> _commands = new();
    private readonly Lock _gate = new();
    private readonly List<HeldCommand> _armed = [];
    private readonly List<HeldCommand> _made = [];

    private CommandWatch(string connectionString, string databaseName)
    {
        var settings = MongoClientSettings.FromConnectionString(connectionString);
        settings.ClusterConfigurator = cluster => cluster.Subscribe<CommandStartedEvent>(OnStarted);
        Client = new MongoClient(settings);
        Database = Client.GetDatabase(databaseName);
    }

    public MongoClient Client { get; }

    public IMongoDatabase Database { get; }

    public static CommandWatch Start(MongoServerFixture server) =>
        new(server.ConnectionString, server.Database!.DatabaseNamespace.DatabaseName);

    /// <summary>Holds the <paramref name="occurrence"/>-th command from now on that matches, until it is released.</summary>
    public HeldCommand Hold(Func<BsonDocument, bool> when, int occurrence = 1)
    {
        var hold = new HeldCommand(when, occurrence);
        lock (_gate)
        {
            _armed.Add(hold);
            _made.Add(hold);
        }

        return hold;
    }

    /// <summary>How many commands sent so far match.</summary>
    public int Count(Func<BsonDocument, bool> when) => _commands.Count(when);

    /// <summary>A seq reservation: <c>findAndModify</c> with <c>$inc</c> on the conversations.</summary>
    public static bool IsSeqReservation(BsonDocument command) =>
        command.TryGetValue("findAndModify", out var collection) && collection.AsString.EndsWith("conversations", StringComparison.Ordinal)
        && command.TryGetValue("update", out var update) && update.IsBsonDocument && update.AsBsonDocument.Contains("$inc");

    public static bool IsInsertInto(BsonDocument command, string collectionSuffix) =>
        command.TryGetValue("insert", out var collection) && collection.AsString.EndsWith(collectionSuffix, StringComparison.Ordinal);

    public static bool IsChangeDocumentInsert(BsonDocument command) => IsInsertInto(command, "changes");

    public static bool IsMessageInsert(BsonDocument command) => IsInsertInto(command, "messages");

    private void OnStarted(CommandStartedEvent started)
    {
        // The driver's command is a view of its buffer, gone once sent: keep a copy.
        var command = BsonSerializer.Deserialize<BsonDocument>(started.Command.ToBson());
        _commands.Enqueue(command);
        HeldCommand? reached = null;
        lock (_gate)
        {
            foreach (var hold in _armed)
            {
                if (hold.Matches(command) && reached is null)
                {
                    reached = hold;
                }
            }

            if (reached is not null)
            {
                _armed.Remove(reached);
            }
        }

        // The event is raised on the writer's own path before the command is sent: blocking
        // here stops that writer, and only it, at this step.
        reached?.Stop();
    }

    public ValueTask DisposeAsync()
    {
        // Whatever happened, no writer stays held.
        lock (_gate)
        {
            foreach (var hold in _made)
            {
                hold.Release();
            }
        }

        Client.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>A command to hold: the writer that sends it stops there until <see cref="Release"/>.</summary>
    internal sealed class HeldCommand(Func<BsonDocument, bool> when, int occurrence)
    {
        private readonly ManualResetEventSlim _released = new();
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _remaining = occurrence;

        /// <summary>Completes when the writer has reached the command and stopped.</summary>
        public Task Reached => _reached.Task;

        public void Release() => _released.Set();

        /// <summary>Counts a matching command; true for the one to hold. Called under the watch's lock.</summary>
        internal bool Matches(BsonDocument command) => when(command) && --_remaining == 0;

        internal void Stop()
        {
            _reached.TrySetResult();
            _released.Wait();
        }
    }
}
