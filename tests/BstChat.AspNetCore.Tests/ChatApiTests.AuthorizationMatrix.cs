using System.Net;
using BstChat.AspNetCore.Tests.Infrastructure;
using static BstChat.AspNetCore.Tests.Infrastructure.ChatSeed;

namespace BstChat.AspNetCore.Tests;

// Every endpoint for every kind of caller. Nobody signed in: 401. Not a member: 404, never 403,
// so a conversation's existence does not leak. Members and moderators: what their role allows.
public abstract partial class ChatApiTests
{
    /// <summary>Who calls, and on which conversation.</summary>
    public enum Caller
    {
        /// <summary>Nobody signed in, on anna-ben.</summary>
        Nobody,

        /// <summary>Chloe on anna-ben.</summary>
        NonMember,

        /// <summary>Ben on lesson-1.</summary>
        Member,

        /// <summary>Anna, who moderates lesson-1, on lesson-1.</summary>
        Moderator,
    }

    public enum Operation
    {
        GetInbox,
        GetConversation,
        GetHistory,
        Send,
        ReplaySend,
        EditOwnMessage,
        EditOthersMessage,
        DeleteOwnMessage,
        DeleteOthersMessage,
        GetChanges,
        SignalTyping,
        MarkRead,
        GetRevisions,
    }

    public static TheoryData<Caller, Operation, HttpStatusCode> AuthorizationMatrix => new()
    {
        { Caller.Nobody, Operation.GetInbox, HttpStatusCode.Unauthorized },
        { Caller.Nobody, Operation.GetConversation, HttpStatusCode.Unauthorized },
        { Caller.Nobody, Operation.GetHistory, HttpStatusCode.Unauthorized },
        { Caller.Nobody, Operation.Send, HttpStatusCode.Unauthorized },
        { Caller.Nobody, Operation.ReplaySend, HttpStatusCode.Unauthorized },
        { Caller.Nobody, Operation.EditOwnMessage, HttpStatusCode.Unauthorized },
        { Caller.Nobody, Operation.EditOthersMessage, HttpStatusCode.Unauthorized },
        { Caller.Nobody, Operation.DeleteOwnMessage, HttpStatusCode.Unauthorized },
        { Caller.Nobody, Operation.DeleteOthersMessage, HttpStatusCode.Unauthorized },
        { Caller.Nobody, Operation.GetChanges, HttpStatusCode.Unauthorized },
        { Caller.Nobody, Operation.SignalTyping, HttpStatusCode.Unauthorized },
        { Caller.Nobody, Operation.MarkRead, HttpStatusCode.Unauthorized },
        { Caller.Nobody, Operation.GetRevisions, HttpStatusCode.Unauthorized },

        // The inbox belongs to no conversation: Chloe gets hers (see The_inbox_lists_only_the_callers_conversations).
        { Caller.NonMember, Operation.GetInbox, HttpStatusCode.OK },
        { Caller.NonMember, Operation.GetConversation, HttpStatusCode.NotFound },
        { Caller.NonMember, Operation.GetHistory, HttpStatusCode.NotFound },
        { Caller.NonMember, Operation.Send, HttpStatusCode.NotFound },
        { Caller.NonMember, Operation.ReplaySend, HttpStatusCode.NotFound },
        { Caller.NonMember, Operation.EditOwnMessage, HttpStatusCode.NotFound },
        { Caller.NonMember, Operation.EditOthersMessage, HttpStatusCode.NotFound },
        { Caller.NonMember, Operation.DeleteOwnMessage, HttpStatusCode.NotFound },
        { Caller.NonMember, Operation.DeleteOthersMessage, HttpStatusCode.NotFound },
        { Caller.NonMember, Operation.GetChanges, HttpStatusCode.NotFound },
        { Caller.NonMember, Operation.SignalTyping, HttpStatusCode.NotFound },
        { Caller.NonMember, Operation.MarkRead, HttpStatusCode.NotFound },
        { Caller.NonMember, Operation.GetRevisions, HttpStatusCode.NotFound },

        { Caller.Member, Operation.GetInbox, HttpStatusCode.OK },
        { Caller.Member, Operation.GetConversation, HttpStatusCode.OK },
        { Caller.Member, Operation.GetHistory, HttpStatusCode.OK },
        { Caller.Member, Operation.Send, HttpStatusCode.Created },
        { Caller.Member, Operation.ReplaySend, HttpStatusCode.OK },
        { Caller.Member, Operation.EditOwnMessage, HttpStatusCode.OK },
        { Caller.Member, Operation.EditOthersMessage, HttpStatusCode.Forbidden },
        { Caller.Member, Operation.DeleteOwnMessage, HttpStatusCode.NoContent },
        { Caller.Member, Operation.DeleteOthersMessage, HttpStatusCode.Forbidden },
        { Caller.Member, Operation.GetChanges, HttpStatusCode.OK },
        { Caller.Member, Operation.SignalTyping, HttpStatusCode.NoContent },
        { Caller.Member, Operation.MarkRead, HttpStatusCode.NoContent },
        // What a message was before its edits and delete is for the people who moderate the conversation.
        { Caller.Member, Operation.GetRevisions, HttpStatusCode.Forbidden },

        // A moderator may delete anyone's message, but edit only their own.
        { Caller.Moderator, Operation.GetInbox, HttpStatusCode.OK },
        { Caller.Moderator, Operation.GetConversation, HttpStatusCode.OK },
        { Caller.Moderator, Operation.GetHistory, HttpStatusCode.OK },
        { Caller.Moderator, Operation.Send, HttpStatusCode.Created },
        { Caller.Moderator, Operation.ReplaySend, HttpStatusCode.OK },
        { Caller.Moderator, Operation.EditOwnMessage, HttpStatusCode.OK },
        { Caller.Moderator, Operation.EditOthersMessage, HttpStatusCode.Forbidden },
        { Caller.Moderator, Operation.DeleteOwnMessage, HttpStatusCode.NoContent },
        { Caller.Moderator, Operation.DeleteOthersMessage, HttpStatusCode.NoContent },
        { Caller.Moderator, Operation.GetChanges, HttpStatusCode.OK },
        { Caller.Moderator, Operation.SignalTyping, HttpStatusCode.NoContent },
        { Caller.Moderator, Operation.MarkRead, HttpStatusCode.NoContent },
        { Caller.Moderator, Operation.GetRevisions, HttpStatusCode.OK },
    };

    [Theory]
    [MemberData(nameof(AuthorizationMatrix))]
    public async Task Each_endpoint_answers_each_kind_of_caller_as_its_role_allows(Caller caller, Operation operation, HttpStatusCode expected)
    {
        var host = await StartHostAsync();
        var messageIdsBySender = new Dictionary<(string Conversation, string Sender), string>();
        foreach (var (conversation, sender) in new[] { (Lesson, Anna), (Lesson, Ben), (AnnaBen, Anna), (AnnaBen, Ben) })
        {
            var sent = await host.CreateClient(sender.Id).SendMessageAsync(conversation, $"From {sender.DisplayName}");
            messageIdsBySender[(conversation, sender.Id)] = sent.Id;
        }

        var (user, conversationId, other) = caller switch
        {
            Caller.Nobody => (null, AnnaBen, Anna),
            Caller.NonMember => (Chloe, AnnaBen, Anna),
            Caller.Member => (Ben, Lesson, Anna),
            _ => (Anna, Lesson, Ben),
        };
        var client = host.CreateClient(user?.Id);
        // Chloe has no message in anna-ben: "her own" there is Ben's, which she may not touch either.
        var ownMessageId = messageIdsBySender.GetValueOrDefault((conversationId, user?.Id ?? ""), messageIdsBySender[(conversationId, Ben.Id)]);
        var othersMessageId = messageIdsBySender[(conversationId, other.Id)];
        if (operation == Operation.ReplaySend)
        {
            (await client.PostMessageAsync(conversationId, "Once", "once-1")).Dispose();
        }

        var before = await ConversationState.DescribeAsync(host, conversationId);

        using var response = operation switch
        {
            Operation.GetInbox => await client.GetAsync("/chat/conversations", Cancellation),
            Operation.GetConversation => await client.GetAsync(ChatHttp.ConversationPath(conversationId), Cancellation),
            Operation.GetHistory => await client.GetAsync(ChatHttp.MessagesPath(conversationId), Cancellation),
            Operation.Send => await client.PostMessageAsync(conversationId, "New"),
            Operation.ReplaySend => await client.PostMessageAsync(conversationId, "Once", "once-1"),
            Operation.EditOwnMessage => await client.PatchMessageAsync(conversationId, ownMessageId, "Edited"),
            Operation.EditOthersMessage => await client.PatchMessageAsync(conversationId, othersMessageId, "Edited"),
            Operation.DeleteOwnMessage => await client.DeleteMessageAsync(conversationId, ownMessageId),
            Operation.DeleteOthersMessage => await client.DeleteMessageAsync(conversationId, othersMessageId),
            Operation.GetChanges => await client.RequestChangesAsync(conversationId),
            Operation.SignalTyping => await client.PostTypingAsync(conversationId),
            Operation.MarkRead => await client.PostReadAsync(conversationId, 1),
            Operation.GetRevisions => await client.GetAsync($"{ChatHttp.MessagesPath(conversationId)}/{othersMessageId}/revisions", Cancellation),
            _ => throw new ArgumentOutOfRangeException(nameof(operation)),
        };

        switch (expected)
        {
            case HttpStatusCode.NotFound:
                await response.AssertProblemAsync(expected, ChatErrorCodes.ConversationNotFound);
                break;
            case HttpStatusCode.Forbidden:
                await response.AssertProblemAsync(expected, ChatErrorCodes.NotAllowed);
                break;
            default:
                Assert.Equal(expected, response.StatusCode);
                break;
        }

        if ((int)expected >= 400)
        {
            Assert.Equal(before, await ConversationState.DescribeAsync(host, conversationId));
        }
    }

    [Fact]
    public async Task Without_RequireAuthorization_the_chat_itself_answers_an_anonymous_call_with_401()
    {
        var host = await StartHostAsync(requireAuthorization: false);

        using var response = await host.CreateClient(null).GetAsync(ChatHttp.MessagesPath(AnnaBen), Cancellation);

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, ChatErrorCodes.Unauthenticated);
    }
}
