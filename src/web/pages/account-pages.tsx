import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type ErrorDetail } from '../../core/errors.ts';
import type { PersonActor } from '../../core/actor.ts';
import { demand } from '../../catalog/access.ts';
import { DEMO_ACCOUNTS } from '../../catalog/demo/accounts.ts';
import { getEntity, requireEntity } from '../../catalog/entities.ts';
import { changeOwnPassword, createPerson, getPerson, listPeople, updatePerson } from '../../catalog/people.ts';
import { signIn, signOut } from '../../catalog/sessions.ts';
import { createApiToken, listApiTokens, revokeApiToken } from '../../catalog/tokens.ts';
import type { Platform } from '../../platform.ts';
import { clearSessionCookie, pageContextOf, setSessionCookie, type CookieNames } from '../auth.ts';
import { safeNext } from '../format.ts';
import { sendPage } from '../render.tsx';
import { AccountPage, LoginPage, PeoplePage, PersonPage } from './account.tsx';
import { formErrors, notice, seeOther, type Body } from './forms.ts';

/** Pages of accounts: sign-in, one’s account and tokens, the people of an entity. */
export function accountPages(platform: Platform, cookies: CookieNames) {
  return async (app: FastifyInstance) => {

    // Sign-in and account
    const demoAccounts = platform.config.demo ? DEMO_ACCOUNTS : [];
    app.get('/login', async (request, reply) => {
      const next = safeNext((request.query as Record<string, unknown>).next);
      return sendPage(reply, <LoginPage c={pageContextOf(request)} next={next} demoAccounts={demoAccounts} />);
    });

    app.post('/login', async (request, reply) => {
      const body = request.body as Body;
      const next = safeNext(body.next);
      try {
        const { token } = await signIn(platform.store.db, String(body.email ?? ''), String(body.password ?? ''), platform.clock.now(), request.ip);
        setSessionCookie(reply, cookies, token);
        return seeOther(reply, next);
      } catch (error) {
        if (!(error instanceof AppError) || !['unauthorized', 'rate_limited'].includes(error.code)) throw error;
        return sendPage(reply, <LoginPage c={pageContextOf(request)} next={next} email={String(body.email ?? '')} error={{ field: 'email', message: error.messages }} demoAccounts={demoAccounts} />, error.status);
      }
    });

    app.post('/logout', async (request, reply) => {
      if (request.sessionToken) await signOut(platform.store.db, request.sessionToken);
      clearSessionCookie(reply, cookies);
      return seeOther(reply, '/');
    });

    const accountPage = async (request: FastifyRequest, reply: FastifyReply, extra: { newToken?: string; errors?: ErrorDetail[]; passwordErrors?: ErrorDetail[] } = {}, status = 200) => {
      demand(request.actor.kind === 'person', request.actor);
      const actor = request.actor as PersonActor;
      const [entity, tokens] = await Promise.all([getEntity(request.ctx, actor.entityId), listApiTokens(request.ctx)]);
      const passwordNotice = (request.query as Record<string, unknown>).ok === 'password' ? pageContextOf(request).t({ es: 'Se cambió la contraseña; sus otras sesiones se cerraron.', en: 'The password was changed; your other sessions were ended.' }) : undefined;
      return sendPage(reply, <AccountPage c={pageContextOf(request)} actor={actor} entity={entity} tokens={tokens} newToken={extra.newToken} errors={extra.errors ?? []} passwordErrors={extra.passwordErrors ?? []} passwordNotice={passwordNotice} />, status);
    };

    app.post('/account/password', async (request, reply) => {
      const body = request.body as Body;
      try {
        await changeOwnPassword(request.ctx, String(body.current_password ?? ''), String(body.new_password ?? ''), request.sessionToken ?? undefined);
        return seeOther(reply, '/account?ok=password');
      } catch (error) {
        return accountPage(request, reply, { passwordErrors: formErrors(error) }, 400);
      }
    });

    app.get('/people/:id', async (request, reply) => {
      const person = await getPerson(request.ctx, (request.params as { id: string }).id);
      const entity = await getEntity(request.ctx, person.entity_id);
      return sendPage(reply, <PersonPage c={pageContextOf(request)} entity={entity} person={person} values={person as never} errors={[]} notice={notice(request)} />);
    });

    app.post('/people/:id', async (request, reply) => {
      const person = await getPerson(request.ctx, (request.params as { id: string }).id);
      const entity = await getEntity(request.ctx, person.entity_id);
      const body = request.body as Body;
      const roles = body.roles === undefined ? [] : Array.isArray(body.roles) ? (body.roles as string[]) : [String(body.roles)];
      try {
        await updatePerson(request.ctx, person.id, { name: String(body.name ?? ''), roles, disabled: body.disabled !== undefined, ...(body.password ? { password: String(body.password) } : {}) });
        return seeOther(reply, `/people/${person.id}?ok=saved`);
      } catch (error) {
        return sendPage(reply, <PersonPage c={pageContextOf(request)} entity={entity} person={person} values={{ name: body.name, roles, disabled: body.disabled !== undefined }} errors={formErrors(error)} />, 400);
      }
    });

    app.get('/account', async (request, reply) => accountPage(request, reply));

    app.post('/account/tokens', async (request, reply) => {
      try {
        const created = await createApiToken(request.ctx, String((request.body as Body).name ?? ''));
        return accountPage(request, reply, { newToken: created.token }, 201);
      } catch (error) {
        return accountPage(request, reply, { errors: formErrors(error) }, 400);
      }
    });

    app.post('/account/tokens/:id/revoke', async (request, reply) => {
      await revokeApiToken(request.ctx, (request.params as { id: string }).id);
      return seeOther(reply, '/account');
    });

    app.get('/entities/:nit/people', async (request, reply) => {
      const entity = await getEntity(request.ctx, (request.params as { nit: string }).nit);
      const people = await listPeople(request.ctx, entity.nit);
      return sendPage(reply, <PeoplePage c={pageContextOf(request)} entity={entity} people={people} values={{}} errors={[]} notice={notice(request)} />);
    });

    app.post('/entities/:nit/people', async (request, reply) => {
      const entity = await requireEntity(request.ctx, (request.params as { nit: string }).nit);
      const body = request.body as Body;
      try {
        await createPerson(request.ctx, { email: String(body.email ?? ''), name: String(body.name ?? ''), roles: (body.roles ?? []) as string[], password: String(body.password ?? ''), entity: entity.nit });
        return seeOther(reply, `/entities/${entity.nit}/people?ok=person`);
      } catch (error) {
        const errors = error instanceof AppError && error.code === 'conflict' ? [{ field: 'email', message: error.messages }] : formErrors(error);
        const view = await getEntity(request.ctx, entity.nit);
        const people = await listPeople(request.ctx, entity.nit);
        return sendPage(reply, <PeoplePage c={pageContextOf(request)} entity={view} people={people} values={{ ...body, password: '' }} errors={errors} />, 400);
      }
    });
  };
}
