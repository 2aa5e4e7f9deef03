using Xunit;

namespace BstChat.Storage.Specification;

/// <summary>
/// The <see cref="IChatFileCatalog"/> contract, as tests: a store's test project subclasses this
/// and supplies <see cref="CreateCatalog"/>. Every move between states is a compare-and-set, and a
/// claim takes all of its files or none.
/// </summary>
/// <remarks>Tests use fresh conversation and user ids, so one database may serve the whole run.</remarks>
public abstract class ChatFileCatalogSpecification
{
    private static readonly DateTimeOffset Epoch = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

    /// <summary>Returns the catalog under test; concurrent tests call it once per actor, and every instance sees the same data.</summary>
    protected abstract IChatFileCatalog CreateCatalog();

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static DateTimeOffset At(int second) => Epoch.AddSeconds(second);

    private static string NewId() => Guid.NewGuid().ToString("N");

    private static ChatFile NewFile(string conversationId, string uploaderId, ChatFileState state = ChatFileState.Ready, int at = 0, long size = 1000) => new()
    {
        Id = NewId(),
        ConversationId = conversationId,
        UploaderId = uploaderId,
        Name = "photo \u00e9.jpg",
        ContentType = "image/jpeg",
        Size = size,
        Width = 640,
        Height = 480,
        HasThumbnail = true,
        ContentHash = new string('a', 64),
        CreatedAt = At(at),
        State = state,
        StateChangedAt = At(at),
    };

    private static FileClaim Claim(string conversationId, string uploaderId, string? clientMessageId, params ChatFile[] files) => new()
    {
        ConversationId = conversationId,
        FileIds = [.. files.Select(static file => file.Id)],
        UploaderId = uploaderId,
        MessageId = NewId(),
        ClientMessageId = clientMessageId,
        At = At(50),
    };

    private static async Task<ChatFile> AddAsync(IChatFileCatalog catalog, ChatFile file)
    {
        await catalog.AddFileAsync(file, Cancellation);
        return file;
    }

    [Fact]
    public async Task A_recorded_file_is_found_as_recorded_and_only_in_its_conversation()
    {
        var catalog = CreateCatalog();
        var file = await AddAsync(catalog, NewFile(NewId(), "ben", ChatFileState.Uploading) with { Width = null, Height = null, HasThumbnail = false });

        Assert.Equal(file, await catalog.FindFileAsync(file.ConversationId, file.Id, Cancellation));
        Assert.Null(await catalog.FindFileAsync(NewId(), file.Id, Cancellation));
        Assert.Null(await catalog.FindFileAsync(file.ConversationId, NewId(), Cancellation));
    }

    [Fact]
    public async Task A_state_moves_only_from_the_state_expected()
    {
        var catalog = CreateCatalog();
        var file = await AddAsync(catalog, NewFile(NewId(), "ben", ChatFileState.Uploading));

        Assert.False(await catalog.SetFileStateAsync(file.ConversationId, file.Id, ChatFileState.Ready, ChatFileState.Deleted, At(5), Cancellation));
        Assert.True(await catalog.SetFileStateAsync(file.ConversationId, file.Id, ChatFileState.Uploading, ChatFileState.Ready, At(5), Cancellation));
        Assert.False(await catalog.SetFileStateAsync(file.ConversationId, file.Id, ChatFileState.Uploading, ChatFileState.Ready, At(6), Cancellation));
        Assert.False(await catalog.SetFileStateAsync(NewId(), file.Id, ChatFileState.Ready, ChatFileState.Deleted, At(7), Cancellation));

        Assert.Equal(file with { State = ChatFileState.Ready, StateChangedAt = At(5) }, await catalog.FindFileAsync(file.ConversationId, file.Id, Cancellation));
    }

    [Fact]
    public async Task A_claim_takes_every_file_in_its_order()
    {
        var catalog = CreateCatalog();
        var conversationId = NewId();
        var first = await AddAsync(catalog, NewFile(conversationId, "ben"));
        var second = await AddAsync(catalog, NewFile(conversationId, "ben"));
        var claim = Claim(conversationId, "ben", "c-1", second, first);

        var claimed = await catalog.ClaimFilesAsync(claim, Cancellation);

        var expected = new[] { second, first }.Select(file => file with
        {
            State = ChatFileState.Claimed,
            StateChangedAt = claim.At,
            MessageId = claim.MessageId,
            ClientMessageId = "c-1",
        }).ToList();
        Assert.Equal(expected, claimed);
        Assert.Equal(expected[1], await catalog.FindFileAsync(conversationId, first.Id, Cancellation));
    }

    [Fact]
    public async Task A_claim_with_one_file_it_may_not_take_takes_none()
    {
        var catalog = CreateCatalog();
        var conversationId = NewId();
        var mine = await AddAsync(catalog, NewFile(conversationId, "ben"));
        var anothers = await AddAsync(catalog, NewFile(conversationId, "anna"));
        var uploading = await AddAsync(catalog, NewFile(conversationId, "ben", ChatFileState.Uploading));
        var elsewhere = await AddAsync(catalog, NewFile(NewId(), "ben"));

        foreach (var bad in new[] { anothers, uploading, elsewhere })
        {
            Assert.Null(await catalog.ClaimFilesAsync(Claim(conversationId, "ben", null, mine, bad), Cancellation));
        }

        Assert.Null(await catalog.ClaimFilesAsync(Claim(conversationId, "ben", null, mine) with { FileIds = [mine.Id, NewId()] }, Cancellation));
        Assert.Equal(mine, await catalog.FindFileAsync(conversationId, mine.Id, Cancellation));
    }

    [Fact]
    public async Task A_claimed_file_is_claimed_again_only_by_a_retry_under_the_same_key()
    {
        var catalog = CreateCatalog();
        var conversationId = NewId();
        var file = await AddAsync(catalog, NewFile(conversationId, "ben"));
        Assert.NotNull(await catalog.ClaimFilesAsync(Claim(conversationId, "ben", "c-1", file), Cancellation));

        Assert.Null(await catalog.ClaimFilesAsync(Claim(conversationId, "ben", "c-2", file), Cancellation));
        Assert.Null(await catalog.ClaimFilesAsync(Claim(conversationId, "ben", null, file), Cancellation));
        var retry = Claim(conversationId, "ben", "c-1", file);
        var again = await catalog.ClaimFilesAsync(retry, Cancellation);

        Assert.Equal(retry.MessageId, Assert.Single(again!).MessageId);
    }

    [Fact]
    public async Task A_retry_of_a_send_that_was_stored_finds_its_files_attached_and_leaves_them()
    {
        var catalog = CreateCatalog();
        var conversationId = NewId();
        var file = await AddAsync(catalog, NewFile(conversationId, "ben"));
        var first = Claim(conversationId, "ben", "c-1", file);
        await catalog.ClaimFilesAsync(first, Cancellation);
        Assert.Equal(1, await catalog.ConfirmFilesAsync(conversationId, first.MessageId, At(60), Cancellation));
        var attached = await catalog.FindFileAsync(conversationId, file.Id, Cancellation);

        var again = await catalog.ClaimFilesAsync(Claim(conversationId, "ben", "c-1", file), Cancellation);

        Assert.Equal(ChatFileState.Attached, attached?.State);
        Assert.Equal(first.MessageId, attached?.MessageId);
        Assert.Equal(attached, Assert.Single(again!));
        Assert.Null(await catalog.ClaimFilesAsync(Claim(conversationId, "ben", "c-2", file), Cancellation));
    }

    [Fact]
    public async Task Confirming_and_deleting_move_only_the_files_of_that_message()
    {
        var catalog = CreateCatalog();
        var conversationId = NewId();
        var sent = await AddAsync(catalog, NewFile(conversationId, "ben"));
        var other = await AddAsync(catalog, NewFile(conversationId, "ben"));
        var claim = Claim(conversationId, "ben", null, sent);
        await catalog.ClaimFilesAsync(claim, Cancellation);
        await catalog.ClaimFilesAsync(Claim(conversationId, "ben", null, other), Cancellation);

        Assert.Equal(1, await catalog.ConfirmFilesAsync(conversationId, claim.MessageId, At(60), Cancellation));
        Assert.Equal(0, await catalog.ConfirmFilesAsync(conversationId, claim.MessageId, At(61), Cancellation));
        Assert.Equal(1, await catalog.DeleteMessageFilesAsync(conversationId, claim.MessageId, At(70), Cancellation));

        Assert.Equal((ChatFileState.Deleted, At(70)), await StateAsync(catalog, sent));
        Assert.Equal((ChatFileState.Claimed, At(50)), await StateAsync(catalog, other));
    }

    [Fact]
    public async Task Deleting_a_message_deletes_files_it_only_claimed()
    {
        var catalog = CreateCatalog();
        var conversationId = NewId();
        var file = await AddAsync(catalog, NewFile(conversationId, "ben"));
        var claim = Claim(conversationId, "ben", null, file);
        await catalog.ClaimFilesAsync(claim, Cancellation);

        Assert.Equal(1, await catalog.DeleteMessageFilesAsync(conversationId, claim.MessageId, At(70), Cancellation));
        Assert.Equal((ChatFileState.Deleted, At(70)), await StateAsync(catalog, file));
    }

    [Fact]
    public async Task Listing_gives_a_state_changed_before_a_moment_oldest_first()
    {
        var catalog = CreateCatalog();
        var conversationId = NewId();
        // Far in the past, so files other tests left in the shared database sort after these.
        var old = new DateTimeOffset(2001, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var files = new List<ChatFile>();
        foreach (var minutes in new[] { 3, 1, 2 })
        {
            files.Add(await AddAsync(catalog, NewFile(conversationId, "ben", ChatFileState.Uploading) with { StateChangedAt = old.AddMinutes(minutes), CreatedAt = old.AddMinutes(minutes) }));
        }

        var page = await catalog.ListFilesAsync(ChatFileState.Uploading, old.AddMinutes(3), 10, Cancellation);
        var one = await catalog.ListFilesAsync(ChatFileState.Uploading, old.AddMinutes(3), 1, Cancellation);

        Assert.Equal([files[1].Id, files[2].Id], page.Select(static file => file.Id));
        Assert.Equal(files[1], Assert.Single(one));
        Assert.DoesNotContain(await catalog.ListFilesAsync(ChatFileState.Ready, old.AddMinutes(10), 10, Cancellation), file => file.ConversationId == conversationId);
    }

    [Fact]
    public async Task Only_deleted_or_uploading_records_are_removed()
    {
        var catalog = CreateCatalog();
        var conversationId = NewId();
        var ready = await AddAsync(catalog, NewFile(conversationId, "ben"));
        var deleted = await AddAsync(catalog, NewFile(conversationId, "ben", ChatFileState.Deleted));
        var uploading = await AddAsync(catalog, NewFile(conversationId, "ben", ChatFileState.Uploading));

        Assert.False(await catalog.RemoveFileAsync(conversationId, ready.Id, Cancellation));
        Assert.True(await catalog.RemoveFileAsync(conversationId, deleted.Id, Cancellation));
        Assert.True(await catalog.RemoveFileAsync(conversationId, uploading.Id, Cancellation));
        Assert.False(await catalog.RemoveFileAsync(conversationId, deleted.Id, Cancellation));

        Assert.NotNull(await catalog.FindFileAsync(conversationId, ready.Id, Cancellation));
        Assert.Null(await catalog.FindFileAsync(conversationId, deleted.Id, Cancellation));
        Assert.Null(await catalog.FindFileAsync(conversationId, uploading.Id, Cancellation));
    }

    [Fact]
    public async Task Usage_sums_what_is_not_deleted_for_the_user_everywhere_and_for_the_conversation()
    {
        var catalog = CreateCatalog();
        var (here, there, ben, anna) = (NewId(), NewId(), "ben-" + NewId(), "anna-" + NewId());
        await AddAsync(catalog, NewFile(here, ben, size: 100));
        await AddAsync(catalog, NewFile(here, ben, ChatFileState.Uploading, size: 20));
        await AddAsync(catalog, NewFile(there, ben, size: 3));
        await AddAsync(catalog, NewFile(here, anna, size: 4000));
        await AddAsync(catalog, NewFile(here, ben, ChatFileState.Deleted, size: 50_000));

        Assert.Equal(new ChatFileUsage(123, 4120), await catalog.GetFileUsageAsync(here, ben, Cancellation));
        Assert.Equal(new ChatFileUsage(0, 0), await catalog.GetFileUsageAsync(NewId(), "nobody-" + NewId(), Cancellation));
    }

    [Fact]
    public async Task A_conversation_lists_its_files_that_are_not_deleted_by_id()
    {
        var catalog = CreateCatalog();
        var conversationId = NewId();
        var files = new List<ChatFile>();
        foreach (var state in new[] { ChatFileState.Ready, ChatFileState.Uploading, ChatFileState.Deleted, ChatFileState.Ready })
        {
            files.Add(await AddAsync(catalog, NewFile(conversationId, "ben", state)));
        }

        var listed = await catalog.GetConversationFilesAsync(conversationId, Cancellation);

        Assert.Equal(files.Where(static file => file.State != ChatFileState.Deleted).Select(static file => file.Id).Order(StringComparer.Ordinal), listed.Select(static file => file.Id));
    }

    [Fact]
    public async Task Of_concurrent_claims_on_one_file_exactly_one_wins()
    {
        var conversationId = NewId();
        var file = await AddAsync(CreateCatalog(), NewFile(conversationId, "ben"));

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
            await CreateCatalog().ClaimFilesAsync(Claim(conversationId, "ben", null, file), Cancellation))));

        var winner = Assert.Single(results, static result => result is not null);
        Assert.Equal(winner![0], await CreateCatalog().FindFileAsync(conversationId, file.Id, Cancellation));
    }

    private static async Task<(ChatFileState, DateTimeOffset)> StateAsync(IChatFileCatalog catalog, ChatFile file)
    {
        var found = await catalog.FindFileAsync(file.ConversationId, file.Id, Cancellation);
        Assert.NotNull(found);
        return (found.State, found.StateChangedAt);
    }
}
