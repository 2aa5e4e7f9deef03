using System.Diagnostics.Metrics;
using System.Threading.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BstChat.AspNetCore.Limits;

/// <summary>
/// The user's allowances under the rate-limit policies (the keyed limiters <c>AddBstChat()</c>
/// registers under <see cref="ChatRateLimitPolicies"/>). A refusal is a <see cref="ChatException"/>
/// that the HTTP layer answers with 429 and Retry-After. The endpoints come here once the request
/// is known to be well-formed JSON, so nothing a cross-site form can send spends a permit.
/// </summary>
/// <remarks>
/// A write spends its permit only if it changed something: a replay, an idempotency conflict, a
/// validation refusal, a non-member's 404 or a store failure gives it back. Over the limit, a
/// non-member is still told 404 (the rule that a conversation's existence does not leak comes
/// first); finding that out costs a read permit, and without one the 429 stands.
/// </remarks>
internal sealed class UserRateLimits
{
    /// <summary>The Retry-After given when a host's limiter says nothing about when to retry.</summary>
    internal static readonly TimeSpan FallbackRetryAfter = Allowance.FallbackRetryAfter;

    private readonly Allowance _writes;
    private readonly Allowance _typing;
    private readonly Allowance _reads;
    private readonly Allowance _uploads;

    private UserRateLimits(Allowance writes, Allowance typing, Allowance reads, Allowance uploads) =>
        (_writes, _typing, _reads, _uploads) = (writes, typing, reads, uploads);

    /// <summary>The limits over the policies registered in <paramref name="services"/>, the host's own where it registered one.</summary>
    public static UserRateLimits From(IServiceProvider services)
    {
        // The generic host provides a meter factory; bare service collections (tests, tools) may not.
        var meter = services.GetService<IMeterFactory>()?.Create(BstChatMeter.Name) ?? new Meter(BstChatMeter.Name);
        var rateLimited = meter.CreateCounter<long>("bstchat.requests.rate_limited", "{request}", "Requests refused by a rate-limit policy, tagged with the policy.");
        var time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        var logger = services.GetRequiredService<ILogger<UserRateLimits>>();
        Allowance Policy(string policy, string code, string message) =>
            new(services.GetRequiredKeyedService<PartitionedRateLimiter<string>>(policy), policy, code, message, rateLimited, time, logger);

        return new UserRateLimits(
            Policy(ChatRateLimitPolicies.Writes, ChatErrorCodes.TooManyWrites, "Too many messages sent, edited or deleted; wait before the next."),
            Policy(ChatRateLimitPolicies.Typing, ChatErrorCodes.TooManyTypingSignals, "Too many typing signals; wait before the next."),
            Policy(ChatRateLimitPolicies.Reads, ChatErrorCodes.TooManyReads, "Too many requests to read chat; wait before the next."),
            Policy(ChatRateLimitPolicies.Uploads, ChatErrorCodes.TooManyUploads, "Too many files uploaded; wait before the next."));
    }

    /// <summary>Spends a write permit now: a send, edit or delete.</summary>
    public void AcquireWrite(string userId) => _writes.Take(userId);

    /// <summary>Spends a typing permit now.</summary>
    public void AcquireTyping(string userId) => _typing.Take(userId);

    /// <summary>A read of the store: inbox, conversation, message, history, revisions or a change-feed request.</summary>
    public void AcquireRead(string userId) => _reads.Take(userId);

    /// <summary>
    /// Runs a send, edit or delete in <paramref name="conversationId"/> on the user's write
    /// allowance: the permit is kept only when <paramref name="changed"/> says the write changed something.
    /// </summary>
    public ValueTask<T> WriteAsync<T>(
        string userId, string conversationId, IChatService chat, Func<ValueTask<T>> write, Func<T, bool> changed, CancellationToken cancellationToken) =>
        SpendOnChangeAsync(_writes, userId, conversationId, chat, write, changed, cancellationToken);

    /// <summary>Runs an upload on the user's upload allowance, given back if the upload was refused.</summary>
    public ValueTask<T> UploadAsync<T>(string userId, string conversationId, IChatService chat, Func<ValueTask<T>> upload, CancellationToken cancellationToken) =>
        SpendOnChangeAsync(_uploads, userId, conversationId, chat, upload, static _ => true, cancellationToken);

    /// <summary>Runs a typing signal on the user's typing allowance, given back if it was refused.</summary>
    public async ValueTask TypingAsync(string userId, string conversationId, IChatService chat, Func<ValueTask> signal, CancellationToken cancellationToken) =>
        await SpendOnChangeAsync(
            _typing,
            userId,
            conversationId,
            chat,
            async () =>
            {
                await signal();
                return true;
            },
            static shown => shown,
            cancellationToken);

    private async ValueTask<T> SpendOnChangeAsync<T>(
        Allowance allowance,
        string userId,
        string conversationId,
        IChatService chat,
        Func<ValueTask<T>> act,
        Func<T, bool> changed,
        CancellationToken cancellationToken)
    {
        if (!allowance.TryTake(userId, out var retryAfter))
        {
            await RequireMemberAsync(userId, conversationId, chat, cancellationToken);
            throw allowance.Refuse(userId, retryAfter);
        }

        var spent = false;
        try
        {
            var result = await act();
            spent = changed(result);
            return result;
        }
        finally
        {
            if (!spent)
            {
                allowance.GiveBack(userId);
            }
        }
    }

    /// <summary>Throws the chat service's 400 or 404 for a caller who may not use the conversation at all.</summary>
    private async ValueTask RequireMemberAsync(string userId, string conversationId, IChatService chat, CancellationToken cancellationToken)
    {
        // The cheapest member-only read the service offers: one member row and one message.
        if (_reads.TryTake(userId, out _))
        {
            _ = await chat.GetHistoryAsync(conversationId, userId, beforeSeq: null, limit: 1, cancellationToken);
        }
    }
}
